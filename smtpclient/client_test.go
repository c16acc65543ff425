package smtpclient

import (
	"context"
	"io"
	"mime/quotedprintable"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gosendmail/gosendmail/deliver"
	"github.com/gosendmail/gosendmail/ruleset"
)

// mxZone: a.test has MX 10 mx1, 10 mx2, 20 mx3, 30 mx4; each MX host
// has one loopback address.
func mxZone() zone {
	return zone{
		mx: map[string][]string{
			"a.test":    {"10 mx1.a.test.", "10 mx2.a.test.", "20 mx3.a.test.", "30 mx4.a.test."},
			"null.test": {"0 ."},
		},
		addr: map[string][]string{
			"mx1.a.test": {"127.0.1.1"}, "mx2.a.test": {"127.0.1.2"},
			"mx3.a.test": {"127.0.1.3"}, "mx4.a.test": {"127.0.1.4"},
			"nomx.test": {"127.0.2.1"}, "relay.test": {"127.0.2.2"},
			"fallback.test": {"127.0.2.3"},
			"null.test":     {"127.0.2.4"},
		},
		fail: map[string]bool{"broken.test": true},
	}
}

func newClient(t *testing.T, z zone, routes map[string]string) (*Client, *network) {
	n := &network{routes: routes}
	c := &Client{Resolver: &DNSResolver{Server: startDNS(t, z), Timeout: 2 * time.Second},
		HeloName: "mx.example.com", Dial: n.dial}
	return c, n
}

func deliverOne(t *testing.T, c *Client, host string, m *Message) *deliver.Status {
	t.Helper()
	st := c.Deliver(context.Background(), esmtp(), host, m)
	if len(st) != len(m.Rcpts) {
		t.Fatalf("%d outcomes for %d recipients", len(st), len(m.Rcpts))
	}
	return st[0]
}

func TestMXPreferenceAndDownHost(t *testing.T) {
	p := newPeer(t)
	// mx1 is down, mx2 answers: whichever of the two comes first, mx2
	// gets the mail and mx3, mx4 are never tried
	for _, first := range []int{0, 1} {
		c, n := newClient(t, mxZone(), map[string]string{"127.0.1.2": p.addr(), "127.0.1.3": p.addr()})
		c.Shuffle = func(k int, swap func(i, j int)) {
			if first == 1 {
				swap(0, 1)
			}
		}
		st := deliverOne(t, c, "a.test", msg("u@a.test"))
		if !st.OK() || st.Remote.MTA != "mx2.a.test." {
			t.Fatalf("got %+v %+v", st, st.Remote)
		}
		want := []string{"127.0.1.1", "127.0.1.2"}
		if first == 1 {
			want = []string{"127.0.1.2"}
		}
		if got := n.got(); !slices.Equal(got, want) {
			t.Errorf("shuffle %d: dialled %v, want %v", first, got, want)
		}
	}
	// both best hosts down: the next preference is used
	c, n := newClient(t, mxZone(), map[string]string{"127.0.1.3": p.addr()})
	if st := deliverOne(t, c, "a.test", msg("u@a.test")); !st.OK() {
		t.Fatalf("got %+v", st)
	}
	got := n.got()
	if len(got) != 3 || got[2] != "127.0.1.3" || !slices.Contains(got[:2], "127.0.1.1") {
		t.Errorf("dialled %v", got)
	}
}

func TestMXEqualPreferenceShuffled(t *testing.T) {
	c, _ := newClient(t, mxZone(), nil)
	firsts := map[string]int{}
	for i := 0; i < 64; i++ {
		ts, st := c.targets(context.Background(), "a.test")
		if st != nil {
			t.Fatal(st)
		}
		var names []string
		for _, x := range ts {
			names = append(names, x.name)
		}
		if names[2] != "mx3.a.test." || names[3] != "mx4.a.test." {
			t.Fatalf("order %v", names)
		}
		firsts[names[0]]++
	}
	if firsts["mx1.a.test."] == 0 || firsts["mx2.a.test."] == 0 {
		t.Errorf("equal preferences not randomised: %v", firsts)
	}
}

func TestOwnMXPreference(t *testing.T) {
	c, n := newClient(t, mxZone(), nil)
	// we are mx3 (preference 20): only mx1 and mx2 are better
	c.IsLocal = func(h string) bool { return h == "mx3.a.test" }
	st := deliverOne(t, c, "a.test", msg("u@a.test"))
	if st.Kind != deliver.TempFail || !strings.HasPrefix(st.Text, "Deferred: Connection refused by mx") {
		t.Fatalf("got %+v", st)
	}
	got := n.got()
	slices.Sort(got)
	if !slices.Equal(got, []string{"127.0.1.1", "127.0.1.2"}) {
		t.Errorf("dialled %v: hosts no better than ours were tried", got)
	}
	// we are the best MX: nothing to try, a configuration error
	c.IsLocal = func(h string) bool { return h == "mx1.a.test" || h == "mx2.a.test" }
	st = deliverOne(t, c, "a.test", msg("u@a.test"))
	if st.Kind != deliver.PermFail || st.Text != "MX list for a.test points back to mx.example.com" {
		t.Fatalf("got %+v", st)
	}
}

func TestNoMXBracketsFallback(t *testing.T) {
	p := newPeer(t)
	c, n := newClient(t, mxZone(), map[string]string{"127.0.2.1": p.addr(), "127.0.2.2": p.addr(), "127.0.2.3": p.addr()})
	// no MX: the domain's own address
	if st := deliverOne(t, c, "nomx.test", msg("u@nomx.test")); !st.OK() || st.Remote.MTA != "nomx.test" {
		t.Fatalf("got %+v", st)
	}
	// [relay.test]: its address, no MX lookup; [127.0.2.1] as is
	for _, h := range []string{"[relay.test]", "[127.0.2.1]", "mx1.a.test:[127.0.2.1]"} {
		if st := deliverOne(t, c, h, msg("u@x.test")); !st.OK() {
			t.Fatalf("%s: got %+v", h, st)
		}
	}
	if got := n.got(); !slices.Equal(got, []string{"127.0.2.1", "127.0.2.2", "127.0.2.1", "127.0.1.1", "127.0.2.1"}) {
		t.Errorf("dialled %v", got)
	}
	// unknown domain: a bounce; a name server failure: a deferral
	st := deliverOne(t, c, "nosuch.test", msg("u@nosuch.test"))
	if st.Kind != deliver.PermFail || st.Code != 550 || st.Enhanced != "5.1.2" ||
		st.Text != "Host unknown (Name server: nosuch.test: host not found)" {
		t.Errorf("unknown host: %+v", st)
	}
	if st := deliverOne(t, c, "broken.test", msg("u@broken.test")); st.Kind != deliver.TempFail {
		t.Errorf("SERVFAIL: %+v", st)
	}
	if st := deliverOne(t, c, "null.test", msg("u@null.test")); st.Kind != deliver.PermFail || st.DSN != "5.1.10" {
		t.Errorf("null MX: %+v", st)
	}
	// every MX down: FallbackMXhost
	c.FallbackMX = "fallback.test"
	if st := deliverOne(t, c, "a.test", msg("u@a.test")); !st.OK() || st.Remote.MTA != "fallback.test" {
		t.Errorf("fallback: %+v", st)
	}
}

func TestPerRecipientReplies(t *testing.T) {
	for _, pipe := range []bool{true, false} {
		p := newPeer(t)
		if !pipe {
			p.exts = []string{"DSN"}
		}
		p.rcpt = map[string]string{
			"busy@r.test": "451 4.2.1 mailbox busy, try later",
			"gone@r.test": "550 5.1.1 <gone@r.test> nope, no such user",
			"pol@r.test":  "554 5.7.1 policy says no",
			"full@r.test": "552 5.2.2 over quota",
		}
		c, _ := newClient(t, zone{}, map[string]string{"127.0.0.1": p.addr()})
		m := msg("ok@r.test", "busy@r.test", "gone@r.test", "pol@r.test", "full@r.test")
		st := c.Deliver(context.Background(), esmtp(), "[127.0.0.1]", m)
		if !st[0].OK() || st[0].Text != "Sent (2.0.0 Ok: queued as Q1)" {
			t.Errorf("ok: %+v", st[0])
		}
		if s := st[1]; s.Kind != deliver.TempFail || s.Text != "Deferred: 451 4.2.1 mailbox busy, try later" || s.DSN != "4.2.1" {
			t.Errorf("busy: %+v", s)
		}
		if s := st[2]; s.Kind != deliver.PermFail || s.Line("gone@r.test") != "550 5.1.1 gone@r.test... User unknown" ||
			s.DSN != "5.1.1" || s.Remote.Reply != "550 5.1.1 <gone@r.test> nope, no such user" || s.Remote.MTA != "[127.0.0.1]" {
			t.Errorf("gone: %+v %+v", s, s.Remote)
		}
		if s := st[3]; s.Line("pol@r.test") != "554 5.0.0 Service unavailable" || s.DSN != "5.0.0" {
			t.Errorf("policy: %+v", s)
		}
		if s := st[4]; s.DSN != "5.2.2" {
			t.Errorf("full: %+v", s)
		}
		wantTr := "... while talking to [127.0.0.1]:\n>>> DATA\n<<< 550 5.1.1 <gone@r.test> nope, no such user\n"
		if !pipe {
			wantTr = "... while talking to [127.0.0.1]:\n>>> RCPT To:<gone@r.test>\n<<< 550 5.1.1 <gone@r.test> nope, no such user\n"
		}
		if st[2].Output != wantTr {
			t.Errorf("pipelining %v: transcript %q, want %q", pipe, st[2].Output, wantTr)
		}
		if len(p.messages()) != 1 {
			t.Errorf("%d messages", len(p.messages()))
		}
	}
}

func TestDataAndMailReplies(t *testing.T) {
	p := newPeer(t)
	p.data = "554 5.6.0 content rejected"
	c, _ := newClient(t, zone{}, map[string]string{"127.0.0.1": p.addr()})
	st := c.Deliver(context.Background(), esmtp(), "[127.0.0.1]", msg("a@r.test", "b@r.test"))
	for _, s := range st {
		if s.Kind != deliver.PermFail || s.DSN != "5.0.0" || s.Remote.Reply != "554 5.6.0 content rejected" {
			t.Errorf("data: %+v", s)
		}
	}
	p.data = ""
	p.mail = "451 4.3.0 try later"
	st = c.Deliver(context.Background(), esmtp(), "[127.0.0.1]", msg("a@r.test"))
	if st[0].Kind != deliver.TempFail || st[0].Text != "Deferred: 451 4.3.0 try later" {
		t.Errorf("mail 451: %+v", st[0])
	}
	p.mail = "553 sender bad"
	st = c.Deliver(context.Background(), esmtp(), "[127.0.0.1]", msg("a@r.test"))
	if s := st[0]; s.Line("a@r.test") != "501 5.6.0 Data format error" || s.DSN != "5.1.3" || s.Remote.MTA != "" {
		t.Errorf("mail 553: %+v %+v", s, s.Remote)
	}
}

func TestEHLORefusedAndParameters(t *testing.T) {
	p := newPeer(t)
	p.noEHLO = true
	c, _ := newClient(t, zone{}, map[string]string{"127.0.0.1": p.addr()})
	if st := deliverOne(t, c, "[127.0.0.1]", msg("a@r.test")); !st.OK() {
		t.Fatalf("got %+v", st)
	}
	cmds := p.commands()
	if cmds[0] != "EHLO mx.example.com" || cmds[1] != "HELO mx.example.com" || cmds[2] != "MAIL From:<a@mx.example.com>" {
		t.Errorf("commands %q", cmds)
	}
	// DSN parameters go to a peer that offers DSN
	q := newPeer(t)
	q.exts = []string{"SIZE 100000", "DSN", "8BITMIME"}
	c, _ = newClient(t, zone{}, map[string]string{"127.0.0.1": q.addr()})
	m := msg("a@r.test")
	m.EnvID, m.Ret, m.BodyType, m.Size = "envid1", "hdrs", "8BITMIME", 313
	m.Rcpts[0].Notify, m.Rcpts[0].ORcpt = "SF", "rfc822;a@r.test"
	m.Sender = ""
	deliverOne(t, c, "[127.0.0.1]", m)
	cmds = q.commands()
	if cmds[1] != "MAIL From:<> SIZE=313 BODY=8BITMIME ENVID=envid1 RET=HDRS" ||
		cmds[2] != "RCPT To:<a@r.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a@r.test" {
		t.Errorf("commands %q", cmds)
	}
}

func TestSizeRefusedWithoutSending(t *testing.T) {
	p := newPeer(t)
	p.exts = []string{"PIPELINING", "SIZE 100"}
	c, _ := newClient(t, zone{}, map[string]string{"127.0.0.1": p.addr()})
	m := msg("a@r.test", "b@r.test")
	m.Data = append(m.Data, strings.Repeat("x", 300)+"\n"...)
	for _, s := range c.Deliver(context.Background(), esmtp(), "[127.0.0.1]", m) {
		if s.Kind != deliver.PermFail || s.DSN != "5.3.4" ||
			s.Remote.Reply != "552 5.3.4 Message size exceeds fixed maximum message size" {
			t.Errorf("got %+v", s)
		}
	}
	for _, cmd := range p.commands() {
		if strings.HasPrefix(cmd, "MAIL") || cmd == "DATA" {
			t.Errorf("sent %q", cmd)
		}
	}
}

func TestEightBitToQuotedPrintable(t *testing.T) {
	p := newPeer(t)
	p.exts = []string{"PIPELINING"}
	c, _ := newClient(t, zone{}, map[string]string{"127.0.0.1": p.addr()})
	body := "h\xe9llo w\xf6rld = test\nline with trailing space \n.\n" + strings.Repeat("x", 75) + "\xe9\nend"
	m := msg("a@r.test")
	m.Data = []byte("Subject: t\nMIME-Version: 1.0\nContent-Type: text/plain; charset=iso-8859-1\n" +
		"Content-Transfer-Encoding: 8bit\n\n" + body)
	if st := deliverOne(t, c, "[127.0.0.1]", m); !st.OK() {
		t.Fatalf("got %+v", st)
	}
	got := p.messages()[0]
	hdr, enc, _ := strings.Cut(got, "\r\n\r\n")
	if !strings.Contains(hdr, "\r\nContent-Transfer-Encoding: quoted-printable\r\n"+
		"X-MIME-Autoconverted: from 8bit to quoted-printable by mx.example.com id 6B1HQI69004745") {
		t.Errorf("header:\n%s", hdr)
	}
	for _, l := range strings.Split(enc, "\r\n") {
		if len(l) > 76 {
			t.Errorf("QP line of %d bytes", len(l))
		}
		for i := 0; i < len(l); i++ {
			if l[i] >= 0x80 {
				t.Fatalf("8-bit byte in %q", l)
			}
		}
	}
	dec, err := readAllQP(enc)
	if err != nil {
		t.Fatalf("invalid QP: %v\n%s", err, enc)
	}
	if want := strings.ReplaceAll(body, "\n", "\r\n") + "\r\n"; dec != want {
		t.Errorf("decoded %q\nwant    %q", dec, want)
	}
	// with 8BITMIME (or F=8) the body goes as it is
	q := newPeer(t)
	c, _ = newClient(t, zone{}, map[string]string{"127.0.0.1": q.addr()})
	deliverOne(t, c, "[127.0.0.1]", m)
	if !strings.Contains(q.messages()[0], "h\xe9llo") {
		t.Errorf("8BITMIME peer got a converted body")
	}
}

func readAllQP(s string) (string, error) {
	b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(s)))
	return string(b), err
}

func TestHostStatusAndDownHost(t *testing.T) {
	dir := t.TempDir()
	p := newPeer(t)
	c, n := newClient(t, zone{}, map[string]string{"127.0.0.2": p.addr()})
	c.HostStatusDir = dir
	st := deliverOne(t, c, "[127.0.0.1]", msg("a@r.test"))
	if st.Text != "Deferred: Connection refused by [127.0.0.1]" || st.DSN != "4.4.1" {
		t.Fatalf("got %+v", st)
	}
	data, err := os.ReadFile(filepath.Join(dir, "1.", "0.", "0.", "127"))
	if err != nil {
		t.Fatal(err)
	}
	hs, err := ParseHostStatus(data)
	if err != nil || hs.Errno != 111 || hs.Exit != 75 || hs.DSN != "4.4.1" || hs.Reply != "" {
		t.Errorf("host status %q: %+v %v", data, hs, err)
	}
	// within Timeout.hoststatus the host is not tried again
	st = deliverOne(t, c, "[127.0.0.1]", msg("a@r.test"))
	if st.Text != "Deferred: Connection refused by [127.0.0.1]" || len(n.got()) != 1 {
		t.Errorf("got %+v after dialling %v", st, n.got())
	}
	deliverOne(t, c, "[127.0.0.2]", msg("a@r.test"))
	data, _ = os.ReadFile(filepath.Join(dir, "2.", "0.", "0.", "127"))
	if !strings.HasPrefix(string(data), "V0\nE0\nH0\nS0\nD2.0.0\nR250 2.0.0 Ok: queued as Q1\nU") || !strings.HasSuffix(string(data), "\n.\n") {
		t.Errorf("host status %q", data)
	}
}

func TestConnectionCache(t *testing.T) {
	p := newPeer(t)
	c, _ := newClient(t, zone{}, map[string]string{"127.0.0.1": p.addr()})
	c.ConnCacheSize = 2
	for i := 0; i < 3; i++ {
		if st := deliverOne(t, c, "[127.0.0.1]", msg("a@r.test")); !st.OK() {
			t.Fatal(st)
		}
	}
	c.Close()
	if p.conns != 1 || len(p.messages()) != 3 {
		t.Errorf("%d connections for %d messages", p.conns, len(p.messages()))
	}
	// without F=m, one transaction per recipient on one connection
	mr := esmtp()
	mr.Flags['m'] = false
	c.ConnCacheSize = 0
	c.Deliver(context.Background(), mr, "[127.0.0.1]", msg("a@r.test", "b@r.test"))
	if p.conns != 2 || len(p.messages()) != 5 {
		t.Errorf("no F=m: %d connections, %d messages", p.conns, len(p.messages()))
	}
}

func TestFromConfig(t *testing.T) {
	cf := ruleset.ReadFrom(strings.NewReader("V10/Berkeley\nDjmx.example.com\nCwmx.example.com\n"+
		"O QueueDirectory=/var/spool/mqueue\nO HostStatusDirectory=.hoststat\nO ConnectionCacheSize=4\n"+
		"O Timeout.initial=30s\nO Timeout.hoststatus=10m\nO FallbackMXhost=[10.0.0.1]\nO TLSFallbacktoClear=true\n"),
		"t.cf", ruleset.ReadOptions{})
	c := FromConfig(cf)
	if c.HeloName != "mx.example.com" || !c.IsLocal("mx.example.com") || c.HostStatusDir != "/var/spool/mqueue/.hoststat" ||
		c.ConnCacheSize != 4 || c.Timeouts.Initial != 30*time.Second || c.HostStatusTimeout != 10*time.Minute ||
		c.FallbackMX != "[10.0.0.1]" || c.TLSNoFallback {
		t.Errorf("got %+v", c)
	}
}

func TestNotifyWords(t *testing.T) {
	for in, want := range map[string]string{"SF": "SUCCESS,FAILURE", "PFD": "FAILURE,DELAY", "N": "NEVER",
		"PN": "NEVER", "DELAY": "DELAY", "success,delay": "SUCCESS,DELAY", "P": ""} {
		if got := notifyWords(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
