package mlog

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestInterval(t *testing.T) {
	for _, c := range []struct {
		s    int64
		want string
	}{
		{0, "00:00:00"},
		{59, "00:00:59"},
		{3723, "01:02:03"},
		{86399, "23:59:59"},
		{86400, "1+00:00:00"},
		{93784, "1+02:03:04"},
		{100*86400 + 6, "100+00:00:06"},
		{-93784, "-2:-3:-4"},
		{-5, "00:00:-5"},
	} {
		if got := Interval(c.s); got != c.want {
			t.Errorf("Interval(%d) = %q, want %q", c.s, got, c.want)
		}
		if back, err := parseInterval(c.want); err != nil || (back != c.s && c.s > -86400) {
			t.Errorf("parseInterval(%q) = %d, %v", c.want, back, err)
		}
	}
}

func TestShorten(t *testing.T) {
	s82 := strings.Repeat("a", 82)
	if shorten(s82, 83) != s82 {
		t.Error("82 bytes are kept")
	}
	s83 := strings.Repeat("a", 40) + "bcd" + strings.Repeat("e", 40)
	if got := shorten(s83, 83); got != strings.Repeat("a", 40)+"..."+strings.Repeat("e", 40) {
		t.Errorf("83 bytes: %q", got)
	}
	long := strings.Repeat("x", 300)
	for _, m := range []int{40, 83, 203} {
		got := shorten(long, m)
		if shorten(got, m) != got {
			t.Errorf("shorten(%d) is not idempotent", m)
		}
	}
	if got := shorten(strings.Repeat("h", 50), 40); len(got) != 39 {
		t.Errorf("relay of 50 bytes: %d bytes", len(got))
	}
}

func TestEscape(t *testing.T) {
	in := "a\\b\x01\x7f\r\t\n\xe9\xff ok"
	want := `a\\b\001\177\r\t\n\351\377 ok`
	if got := escape(in); got != want {
		t.Errorf("escape = %q, want %q", got, want)
	}
	if got := unescape(want); got != in {
		t.Errorf("unescape = %q", got)
	}
	for i := 0; i < 256; i++ {
		s := string([]byte{'x', byte(i), 'y'})
		e := escape(s)
		for j := 0; j < len(e); j++ {
			if e[j] < 0x20 || e[j] >= 0x7f {
				t.Fatalf("escape(%q) = %q", s, e)
			}
		}
		if unescape(e) != s {
			t.Fatalf("unescape(escape(%q)) = %q", s, unescape(e))
		}
	}
}

func TestMore(t *testing.T) {
	// the to= list gets 924 bytes less the rest of the line; a list as
	// long as that is split at its last comma
	a := &Attempt{ID: id14, Mailer: "esmtp", Stat: "Sent"}
	l := 924 - len(a.rest())
	a.To = []string{strings.Repeat("a", l-10), strings.Repeat("b", 9)}
	if got := Format(a); len(got) != 2 || !strings.Contains(got[0], ", [more], delay=") {
		t.Errorf("a list of exactly %d bytes: %q", l, got)
	}
	a.To[1] = strings.Repeat("b", 8)
	if got := Format(a); len(got) != 1 {
		t.Errorf("a list of %d bytes: %d lines", l-1, len(got))
	}
	// one address longer than that, no comma: cut
	a.To = []string{strings.Repeat("c", l+50)}
	if got := Format(a); len(got) != 1 || !strings.Contains(got[0], "to="+strings.Repeat("c", l)+", delay=") {
		t.Errorf("one long address: %q", got)
	}
}

func TestWire(t *testing.T) {
	whole, piece := splitLimits(id14, "")
	if whole != 966 || piece != 957 {
		t.Errorf("limits %d %d", whole, piece)
	}
	if w, p := splitLimits(id14, "sendmail"); w != 965 || p != 956 {
		t.Errorf("-L sendmail: %d %d", w, p)
	}
	text := strings.Repeat("x", whole)
	if got := wire(id14, text, ""); len(got) != 1 {
		t.Errorf("%d bytes: %d pieces", whole, len(got))
	}
	got := wire(id14, text+"y", "")
	if len(got) != 2 || got[0] != id14+"[1]: "+strings.Repeat("x", piece-1)+" ..." {
		t.Errorf("no blank: %q", got)
	}
	text = strings.Repeat("x", 500) + " " + strings.Repeat("y", 600)
	got = wire(id14, text, "")
	if len(got) != 2 || got[0] != id14+"[1]: "+strings.Repeat("x", 500)+"  ..." || got[1] != id14+"[2]: "+strings.Repeat("y", 600) {
		t.Errorf("a blank: %q", got)
	}
	if j := Join(got); len(j) != 1 || j[0] != id14+": "+text {
		t.Errorf("Join: %q", j)
	}
	if got := wire("", "starting daemon", ""); got[0] != "starting daemon" {
		t.Errorf("no ID: %q", got)
	}
}

func TestLevels(t *testing.T) {
	var b bytes.Buffer
	rs := []Record{
		UserErr("A", "x", "User unknown"),
		&Acceptance{ID: "A", From: "root"},
		&Notice{ID: "A", NotifyID: "B", Kind: KindDSN, Text: "User unknown"},
		&Attempt{ID: "A", To: []string{"x"}, Mailer: "local", DSN: "5.1.1", Stat: "User unknown"},
		&Attempt{ID: "A", To: []string{"y"}, Mailer: "local", DSN: "2.0.0", Stat: "Sent"},
		&Attempt{ID: "A", To: []string{"z"}, Mailer: "prog", DSN: "4.0.0", Stat: "Deferred: x"},
		&Attempt{ID: "A", To: []string{"q"}, Mailer: "local", Stat: "queued"},
		&Done{ID: "A", NTries: 1},
	}
	for level, n := range map[int]int{0: 0, 3: 0, 4: 1, 5: 2, 6: 3, 7: 4, 8: 5, 9: 7, 10: 8, 15: 8} {
		b.Reset()
		l := NewWriter(&b, level)
		for _, r := range rs {
			l.Log(r)
		}
		if got := strings.Count(b.String(), "\n"); got != n {
			t.Errorf("LogLevel %d: %d lines, want %d:\n%s", level, got, n, b.String())
		}
	}
	var nl *Logger
	nl.Log(rs[0]) // a nil Logger logs nothing
}

func TestSyslog(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "log")
	now := time.Date(2026, 12, 1, 7, 8, 9, 0, time.Local)
	l := New(9, "")
	l.SocketPaths, l.Now, l.PID = []string{path}, func() time.Time { return now }, 4242
	l.pause = -1 // no pause between attempts: the test restarts syslogd at once
	dsn := &Notice{ID: "A", NotifyID: "B", Kind: KindDSN, Text: "User unknown"}
	// nobody listens: dropped quietly
	l.Log(dsn)
	s, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	read := func() string {
		s.SetReadDeadline(time.Now().Add(5 * time.Second))
		buf := make([]byte, 4096)
		n, err := s.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		return string(buf[:n])
	}
	l.Log(&Acceptance{ID: "6B1HcrxQ010798", From: "root", Size: 48, NRcpts: 1, MsgID: "<t1@example.com>", Relay: "root@localhost"})
	want := "<22>Dec  1 07:08:09 sendmail[4242]: 6B1HcrxQ010798: from=root, size=48, class=0, nrcpts=1, msgid=<t1@example.com>, relay=root@localhost"
	if got := read(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	l.Tag = "sm-mta"
	l.Log(UserErr("6B1HcrxQ010798", "nosuchuser", "User unknown"))
	if got := read(); got != "<21>Dec  1 07:08:09 sm-mta[4242]: 6B1HcrxQ010798: nosuchuser... User unknown" {
		t.Errorf("got %q", got)
	}
	// syslogd restarted: the next line finds the new socket
	s.Close()
	os.Remove(path)
	l.Log(dsn) // lost: none listens
	s, err = net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l.Log(dsn)
	if got := read(); !strings.HasSuffix(got, "]: A: B: DSN: User unknown") {
		t.Errorf("after a restart: %q", got)
	}
	l.Close()
}

// TestSyslogPause: without a daemon, a line costs one attempt per
// pause, not one per line.
func TestSyslogPause(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "log")
	l := New(9, "")
	l.SocketPaths, l.pause = []string{path}, time.Hour
	n := &Note{Text: "x"}
	l.Log(n) // fails: nobody listens
	s, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l.Log(n) // dropped without trying: within the pause
	if l.conn != nil {
		t.Fatal("connected again within the pause")
	}
	l.failed = time.Now().Add(-2 * time.Hour)
	l.Log(n)
	if l.conn == nil {
		t.Fatal("not connected after the pause")
	}
	l.Close()
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Record
	}{
		{"starting daemon (8.17.1.9): SMTP", &Note{Text: "starting daemon (8.17.1.9): SMTP"}},
		{"NOQUEUE: connect from root@localhost", &Note{ID: NoQueue, Text: "connect from root@localhost"}},
		{"A: B: postmaster notify: User unknown", &Notice{ID: "A", NotifyID: "B", Kind: KindPostmaster, Text: "User unknown"}},
		{"A: to=a,b, [more], delay=00:00:01, mailer=esmtp, pri=1, relay=mx. [1.2.3.4], dsn=2.0.0, stat=Sent (ok)",
			&Attempt{ID: "A", To: []string{"a", "b"}, Delay: 1, Mailer: "esmtp", Pri: 1, Relay: "mx.", RelayAddr: "1.2.3.4", DSN: "2.0.0", Stat: "Sent (ok)"}},
		{"A: to=x, ctladdr=<y@z> (1/2), delay=1+00:00:00, xdelay=00:00:00, mailer=local, pri=0, stat=queued",
			&Attempt{ID: "A", To: []string{"x"}, Ctladdr: &Ctladdr{Addr: "<y@z>", UID: 1, GID: 2}, Delay: 86400, XDelay: Seconds(0), Mailer: "local", Stat: "queued"}},
		{"STARTTLS=client, relay=mx.example., version=TLSv1.3, verify=FAIL, cipher=TLS_AES_256_GCM_SHA384, bits=256/256",
			&TLS{Role: "client", Relay: "mx.example.", Version: "TLSv1.3", Verify: "FAIL", Cipher: "TLS_AES_256_GCM_SHA384", Bits: 256, AlgBits: 256}},
		{"A: from=<>, size=0, class=0, nrcpts=0, proto=ESMTP, daemon=MTA, relay=h [1.2.3.4]",
			&Acceptance{ID: "A", From: "<>", Proto: "ESMTP", Daemon: "MTA", Relay: "h [1.2.3.4]"}},
	} {
		got, err := Parse(c.in)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parse(%q) = %#v, %v", c.in, got, err)
		}
	}
	for _, bad := range []string{"A: from=x", "A: to=x", "A: to=x, delay=1:2, mailer=m", "A: from=x, size=q, class=0, nrcpts=0"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q): no error", bad)
		}
	}
}
