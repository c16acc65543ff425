package test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// A sink is an SMTP server for the tests of delivery onward: it offers
// STARTTLS (a certificate made now) and AUTH PLAIN (user "relayuser",
// password "s3cret", once TLS is on), answers 451 to recipients whose
// name starts with "tempfail" and 550 to those starting with "reject",
// and keeps every message it accepts.
type sink struct {
	mu   sync.Mutex
	msgs []sinkMsg
	addr string
}

type sinkMsg struct {
	from  string
	rcpts []string
	data  string
	tls   bool
	auth  string
}

type sinkBackend struct{ s *sink }

func (b sinkBackend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	_, isTLS := c.TLSConnectionState()
	return &sinkSession{s: b.s, conn: c, tls: isTLS}, nil
}

type sinkSession struct {
	s    *sink
	conn *smtp.Conn
	tls  bool
	m    sinkMsg
	auth string
}

func (ss *sinkSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (ss *sinkSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != "relayuser" || pass != "s3cret" {
			return errors.New("bad credentials")
		}
		ss.auth = user
		return nil
	}), nil
}
func (ss *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	_, isTLS := ss.conn.TLSConnectionState()
	ss.m = sinkMsg{from: from, tls: isTLS, auth: ss.auth}
	return nil
}
func (ss *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	switch {
	case strings.HasPrefix(to, "tempfail"):
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 2, 1}, Message: "try again later"}
	case strings.HasPrefix(to, "reject"):
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user here"}
	}
	ss.m.rcpts = append(ss.m.rcpts, to)
	return nil
}
func (ss *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.m.data = string(b)
	ss.s.mu.Lock()
	ss.s.msgs = append(ss.s.msgs, ss.m)
	ss.s.mu.Unlock()
	return nil
}
func (ss *sinkSession) Reset()        {}
func (ss *sinkSession) Logout() error { return nil }

func newSink(t *testing.T) *sink {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "sink.example"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), DNSNames: []string{"sink.example"}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	s := &sink{}
	srv := smtp.NewServer(sinkBackend{s})
	srv.Domain = "sink.example"
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

func (s *sink) wait(t *testing.T, n int) []sinkMsg {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s.mu.Lock()
		got := append([]sinkMsg(nil), s.msgs...)
		s.mu.Unlock()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("the sink has %d messages after 20 s, want %d", len(got), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// onwardSite is a site that sends remote mail to the sink: through a
// mailertable route for route.example and through SMART_HOST for the
// rest, with credentials from the authinfo map.
func onwardSite(t *testing.T, s *sink) *site {
	_, port, _ := net.SplitHostPort(s.addr)
	extra := fmt.Sprintf("define(`SMART_HOST', `[127.0.0.1]')dnl\n"+
		"define(`RELAY_MAILER_ARGS', `TCP $h %[1]s')dnl\ndefine(`ESMTP_MAILER_ARGS', `TCP $h %[1]s')dnl\n"+
		"FEATURE(`mailertable', `hash -o @DIR@/mailertable')dnl\nFEATURE(`authinfo', `hash -o @DIR@/authinfo')dnl\n", port)
	st := newSite(t, extra, "")
	files := map[string]string{
		"mailertable": "route.example esmtp:[127.0.0.1]\n",
		"authinfo":    "AuthInfo:127.0.0.1 \"U:relayuser\" \"P:s3cret\" \"M:PLAIN\"\n",
	}
	for name, text := range files {
		p := filepath.Join(st.dir, name)
		write(t, p, text)
		cmd := exec.Command(filepath.Join(st.bin, "makemap"), "hash", p)
		cmd.Stdin = strings.NewReader(text)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("makemap %s: %v %s", name, err, out)
		}
	}
	return st
}

// TestDeliveryOnward: mail for a mailertable route and for the smart
// host reaches the sink over STARTTLS with AUTH; a 5xx recipient comes
// back at once as a DSN in the sender's mailbox; a 4xx recipient stays
// queued, is retried by the queue runs, and comes back at
// Timeout.queuereturn.
func TestDeliveryOnward(t *testing.T) {
	s := newSink(t)
	st := onwardSite(t, s)
	msg := "Subject: onward\n\nCaf\xc3\xa9 body.\n"
	if out, errs, code := st.sendmail(t, msg, "-odi", "-v", "-f", "alice", "user@route.example", "someone@far.example"); code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errs)
	}
	got := s.wait(t, 1)
	var all []string
	for _, m := range got {
		if !m.tls || m.auth != "relayuser" {
			t.Errorf("message from %s: TLS %v, AUTH %q; want both", m.from, m.tls, m.auth)
		}
		if !strings.Contains(m.data, "Subject: onward") || !strings.Contains(m.data, "Received: ") {
			t.Errorf("data:\n%s", m.data)
		}
		all = append(all, m.rcpts...)
	}
	if len(all) != 2 {
		t.Errorf("the sink got recipients %v, want user@route.example and someone@far.example", all)
	}

	// 5xx: an immediate DSN to the sender (alice is root's alias)
	if _, errs, code := st.sendmail(t, "Subject: refused\n\nx\n", "-odi", "-f", "alice", "reject-me@route.example"); code != 67 {
		t.Fatalf("exit %d %s, want 67 (EX_NOUSER) as sendmail -odi gives", code, errs)
	}
	b := waitMessages(t, filepath.Join(st.mail, "root"), 1)[0]
	for _, want := range []string{"Returned mail: see transcript", "Status: 5.1.1", "Diagnostic-Code: SMTP; 550", "Remote-MTA: DNS; [127.0.0.1]"} {
		if !strings.Contains(b, want) {
			t.Errorf("the bounce lacks %q:\n%s", want, b)
		}
	}

	// 4xx: retried, then returned at Timeout.queuereturn
	if _, errs, code := st.sendmail(t, "Subject: later\n\nx\n", "-odi", "-f", "alice", "tempfail@route.example"); code != 0 {
		t.Fatalf("exit %d %s", code, errs)
	}
	if q := st.queueFiles(); len(q) != 2 {
		t.Fatalf("the deferred message is not queued: %v", q)
	}
	out, _, _ := st.sendmail(t, "", "-bp")
	if !strings.Contains(out, "451 4.2.1") {
		t.Errorf("mailq does not show the deferral:\n%s", out)
	}
	if _, errs, code := st.sendmail(t, "", "-q"); code != 0 || len(st.queueFiles()) != 2 {
		t.Fatalf("a retry before the timeout must keep it: %d %s %v", code, errs, st.queueFiles())
	}
	time.Sleep(1100 * time.Millisecond)
	if _, errs, code := st.sendmail(t, "", "-q", "-OTimeout.queuereturn=1s"); code != 0 {
		t.Fatalf("queue run: %d %s", code, errs)
	}
	if q := st.queueFiles(); len(q) != 0 {
		t.Errorf("still queued after queuereturn: %v", q)
	}
	r := waitMessages(t, filepath.Join(st.mail, "root"), 2)[1]
	for _, want := range []string{"Status: 4.4.7", "could not be delivered for 1 second"} {
		if !strings.Contains(r, want) {
			t.Errorf("the return lacks %q:\n%s", want, r)
		}
	}
	_ = os.Remove
}

// TestMasqueradeOnward: sender rewriting on the way out, by the relay
// mailer's S= rulesets: MASQUERADE_AS with masquerade_envelope, and the
// genericstable for a user that has an entry.
func TestMasqueradeOnward(t *testing.T) {
	s := newSink(t)
	_, port, _ := net.SplitHostPort(s.addr)
	extra := fmt.Sprintf("define(`SMART_HOST', `[127.0.0.1]')dnl\ndefine(`RELAY_MAILER_ARGS', `TCP $h %s')dnl\n"+
		"MASQUERADE_AS(`example.com')dnl\nFEATURE(`masquerade_envelope')dnl\n"+
		"FEATURE(`genericstable', `hash -o @DIR@/genericstable')dnl\nGENERICS_DOMAIN(`mx.example.com')dnl\n", port)
	st := newSite(t, extra, "")
	gt := filepath.Join(st.dir, "genericstable")
	write(t, gt, "alice alice.smith@example.org\n")
	mm := exec.Command(filepath.Join(st.bin, "makemap"), "hash", gt)
	mm.Stdin = strings.NewReader("alice alice.smith@example.org\n")
	if out, err := mm.CombinedOutput(); err != nil {
		t.Fatalf("makemap: %v %s", err, out)
	}
	for _, from := range []string{"root", "alice"} {
		if _, errs, code := st.sendmail(t, "Subject: masq\n\nx\n", "-odi", "-f", from, "someone@far.example"); code != 0 {
			t.Fatalf("exit %d %s", code, errs)
		}
	}
	got := s.wait(t, 2)
	want := map[string]bool{"root@example.com": true, "alice.smith@example.org": true}
	for _, m := range got {
		if !want[m.from] {
			t.Errorf("envelope sender %q, want one of %v", m.from, want)
		}
		h, _ := header(strings.ReplaceAll(m.data, "\r\n", "\n"), "From")
		if !strings.Contains(h, "<"+m.from+">") && h != m.from {
			t.Errorf("From: %q for envelope %q", h, m.from)
		}
	}
}
