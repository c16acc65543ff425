package smtpd

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// client is a test SMTP client.
type client struct {
	t testing.TB
	c net.Conn
	r *bufio.Reader
}

func dial(t *testing.T, addr string) *client { return dialB(t, addr) }

func dialB(t testing.TB, addr string) *client {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	cl := &client{t: t, c: c, r: bufio.NewReader(c)}
	cl.expect("220 ")
	return cl
}

// reply reads one reply, its lines joined by "\n".
func (cl *client) reply() string {
	cl.t.Helper()
	cl.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	var lines []string
	for {
		l, err := cl.r.ReadString('\n')
		if err != nil {
			cl.t.Fatalf("reading a reply: %v (so far %q)", err, lines)
		}
		lines = append(lines, strings.TrimSuffix(l, "\r\n"))
		if len(l) < 4 || l[3] != '-' {
			return strings.Join(lines, "\n")
		}
	}
}

func (cl *client) send(s string) {
	cl.t.Helper()
	if _, err := cl.c.Write([]byte(s)); err != nil {
		cl.t.Fatal(err)
	}
}

// cmd sends a command and checks that the reply starts with want.
func (cl *client) cmd(line, want string) string {
	cl.t.Helper()
	cl.send(line + "\r\n")
	return cl.expect(want)
}

func (cl *client) expect(want string) string {
	cl.t.Helper()
	r := cl.reply()
	if !strings.HasPrefix(r, want) {
		cl.t.Fatalf("got %q, want %q...", r, want)
	}
	return r
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestAuth(t *testing.T) {
	ts := startServerCf(t, "basic", "O AuthPasswordFile=@DIR@/authpw\nO AuthMechanisms=PLAIN LOGIN CRAM-MD5\n")
	if err := os.WriteFile(filepath.Join(ts.dir, "authpw"), []byte("# users\nann:secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := dial(t, ts.addr)
	if r := c.cmd("EHLO client.example", "250-"); !strings.Contains(r, "\n250-AUTH PLAIN LOGIN\n") {
		t.Errorf("EHLO does not offer AUTH PLAIN LOGIN:\n%s", r)
	}
	c.cmd("AUTH", "501 5.5.2 AUTH mechanism must be specified")
	c.cmd("AUTH CRAM-MD5", "504 5.3.3 AUTH mechanism CRAM-MD5 not available")
	c.cmd("AUTH PLAIN "+b64("\x00ann\x00wrong"), "535 5.7.0 authentication failed")
	c.cmd("AUTH PLAIN !!!", "501 5.5.4 cannot BASE64 decode '!!!'")
	c.cmd("AUTH PLAIN", "334 ")
	c.cmd("*", "501 5.0.0 AUTH aborted")
	c.cmd("AUTH LOGIN", "334 "+b64("Username:"))
	c.cmd(b64("ann"), "334 "+b64("Password:"))
	c.cmd(b64("secret"), "235 2.0.0 OK Authenticated")
	c.cmd("AUTH PLAIN", "503 5.5.0 Already Authenticated")
	if r := c.cmd("EHLO client.example", "250-"); strings.Contains(r, "AUTH") {
		t.Errorf("AUTH offered again after authentication:\n%s", r)
	}
	c.cmd("MAIL FROM:<a@good.example>", "250 2.1.0")
	c.cmd("RCPT TO:<alice>", "250 2.1.5")
	c.cmd("DATA", "354")
	c.cmd("Subject: auth\r\n\r\nbody\r\n.", "250 2.0.0")
	c.cmd("QUIT", "221")
	qf := ts.queued(t)
	if len(qf) != 1 {
		t.Fatalf("%d messages queued", len(qf))
	}
	b, _ := os.ReadFile(filepath.Join(ts.dir, "queue", qf[0]))
	if !strings.Contains(string(b), "${auth_authen}ann\n") {
		t.Errorf("queue file lacks the authenticated user:\n%s", b)
	}

	c = dial(t, ts.addr)
	c.cmd("EHLO client.example", "250-")
	c.cmd("AUTH PLAIN "+b64("\x00ann\x00secret"), "235 2.0.0 OK Authenticated")
	c.cmd("QUIT", "221")
}

// selfSigned writes a certificate and its key for mx.example.com.
func selfSigned(t *testing.T, dir string) (string, string) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mx.example.com"},
		DNSNames: []string{"mx.example.com"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	cert, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return cert, keyFile
}

func TestStartTLS(t *testing.T) {
	dir := t.TempDir()
	cert, key := selfSigned(t, dir)
	ts := startServerCf(t, "basic", "O ServerCertFile="+cert+"\nO ServerKeyFile="+key+"\n")
	c := dial(t, ts.addr)
	if r := c.cmd("EHLO client.example", "250-"); !strings.Contains(r, "\n250-STARTTLS\n") {
		t.Fatalf("EHLO does not offer STARTTLS:\n%s", r)
	}
	c.cmd("STARTTLS now", "501 5.5.2 Syntax error (no parameters allowed)")
	c.cmd("MAIL FROM:<a@good.example>", "250 2.1.0")
	c.cmd("STARTTLS", "503 5.5.0 TLS not permitted during a mail transaction")
	c.cmd("RSET", "250")
	// a command sent with STARTTLS must not be run inside the TLS session
	c.send("STARTTLS\r\nMAIL FROM:<injected@good.example>\r\n")
	c.expect("220 2.0.0 Ready to start TLS")
	tc := tls.Client(c.c, &tls.Config{InsecureSkipVerify: true, ServerName: "mx.example.com"})
	if err := tc.Handshake(); err != nil {
		t.Fatal(err)
	}
	c.c, c.r = tc, bufio.NewReader(tc)
	if r := c.cmd("EHLO client.example", "250-"); strings.Contains(r, "STARTTLS") {
		t.Errorf("STARTTLS offered again:\n%s", r)
	}
	c.cmd("STARTTLS", "454 4.3.3 TLS not available after start")
	c.cmd("MAIL FROM:<a@good.example>", "250 2.1.0")
	c.cmd("QUIT", "221")
}

// TestSmuggling: whatever ends the DATA of one message, no second
// message comes out of it; only CR LF . CR LF ends a message.
func TestSmuggling(t *testing.T) {
	ts := startServer(t, "basic")
	for _, end := range []string{"\n.\n", "\r.\r", "\r\n.\n", "\n.\r\n", "\r.\r\n", "\r\n.\r",
		"\r\n\x00.\r\n", "\r\n.\x00\r\n", "\n\n.\n\n", "\r\n .\r\n", "\r\n.\r\r\n", "\r\r\n.\r\r\n"} {
		c := dial(t, ts.addr)
		c.cmd("EHLO client.example", "250-")
		c.cmd("MAIL FROM:<a@good.example>", "250")
		c.cmd("RCPT TO:<alice>", "250")
		c.cmd("DATA", "354")
		c.send("Subject: first\r\n\r\nbody" + end + "MAIL FROM:<evil@good.example>\r\nRCPT TO:<bob>\r\nDATA\r\nSubject: evil\r\n\r\nevil\r\n.\r\n")
		r := c.reply()
		if !strings.HasPrefix(r, "421 4.5.0 Bare") && !strings.HasPrefix(r, "250 2.0.0") {
			t.Errorf("%q: %q", end, r)
		}
		c.c.SetReadDeadline(time.Now().Add(2 * time.Second))
		rest, _ := c.r.ReadString(0)
		if strings.Contains(rest, "Sender ok") || strings.Contains(rest, "354") {
			t.Errorf("%q: the smuggled commands were answered: %q", end, rest)
		}
		c.c.Close()
	}
	for _, qf := range ts.queued(t) {
		b, _ := os.ReadFile(filepath.Join(ts.dir, "queue", qf))
		if strings.Contains(string(b), "evil") {
			t.Errorf("a smuggled message was queued: %s\n%s", qf, b)
		}
	}
}

func TestMaxDaemonChildren(t *testing.T) {
	ts := startServerCf(t, "basic", "O MaxDaemonChildren=1\n")
	c := dial(t, ts.addr)
	c2, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	c2.SetReadDeadline(time.Now().Add(5 * time.Second))
	l, _ := bufio.NewReader(c2).ReadString('\n')
	if !strings.HasPrefix(l, "421 4.3.2 mx.example.com Too many open connections") {
		t.Errorf("second connection: %q", l)
	}
	c.cmd("QUIT", "221")
}

// TestShutdown: a session in progress finishes its message after
// Shutdown, and new connections are refused.
func TestShutdown(t *testing.T) {
	ts := startServer(t, "basic")
	c := dial(t, ts.addr)
	c.cmd("EHLO client.example", "250-")
	c.cmd("MAIL FROM:<a@good.example>", "250")
	done := make(chan error)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		done <- ts.srv.Shutdown(ctx)
	}()
	time.Sleep(100 * time.Millisecond)
	if c2, err := net.DialTimeout("tcp", ts.addr, time.Second); err == nil {
		c2.Close()
		t.Error("a new connection was accepted after Shutdown")
	}
	c.cmd("RCPT TO:<alice>", "250")
	c.cmd("DATA", "354")
	c.cmd("Subject: late\r\n\r\nbody\r\n.", "250 2.0.0")
	c.cmd("QUIT", "221")
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := len(ts.queued(t)); n != 1 {
		t.Errorf("%d messages queued", n)
	}
}

// TestStdio: -bs, one session on a reader and a writer.
func TestStdio(t *testing.T) {
	ts := startServer(t, "basic")
	var out strings.Builder
	in := &lineReader{b: []byte("EHLO x\r\nMAIL FROM:<a@good.example>\r\nRCPT TO:<alice>\r\nDATA\r\nSubject: s\r\n\r\nb\r\n.\r\nQUIT\r\n")}
	ts.srv.ServeStdio(in, &out, "root")
	o := out.String()
	for _, want := range []string{"250-mx.example.com Hello root@localhost, pleased to meet you\r\n",
		"250 2.1.0 <a@good.example>... Sender ok\r\n", "Message accepted for delivery\r\n", "221 2.0.0 mx.example.com closing connection\r\n"} {
		if !strings.Contains(o, want) {
			t.Errorf("no %q in\n%s", want, o)
		}
	}
}

func TestDataTimeout(t *testing.T) {
	ts := startServerCf(t, "basic", "O Timeout.datablock=1s\n")
	c := dial(t, ts.addr)
	c.cmd("EHLO client.example", "250-")
	c.cmd("MAIL FROM:a@good.example", "250")
	c.cmd("RCPT TO:<alice>", "250")
	c.cmd("DATA", "354")
	c.send("Subject: slow\r\n")
	c.expect("421 4.4.1 collect: relay=localhost, from=<a@good.example>, info=read timeout")
}

func TestConnectionRateThrottle(t *testing.T) {
	ts := startServerCf(t, "basic", "O ConnectionRateThrottle=2\n")
	start := time.Now()
	for i := 0; i < 4; i++ {
		dial(t, ts.addr).cmd("QUIT", "221")
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("4 connections at 2 a second took %v", d)
	}
}

// TestGreetPause: FEATURE(greet_pause) refuses a client that talks
// before the greeting, and greets one that waits.
func TestGreetPause(t *testing.T) {
	ts := startServerCf(t, "basic", "Sgreet_pause\nR$*\t$# 300\n")
	c, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("EHLO early\r\n"))
	cl := &client{t: t, c: c, r: bufio.NewReader(c)}
	cl.expect("554 mx.example.com ESMTP not accepting messages")
	if r := cl.reply(); r != "250-mx.example.com Hello localhost [127.0.0.1], pleased to meet you\n250 ENHANCEDSTATUSCODES" {
		t.Errorf("EHLO: %q", r)
	}
	cl.cmd("MAIL FROM:<a@good.example>", "550 5.0.0 Command rejected")
	cl.cmd("QUIT", "221")
	start := time.Now()
	dial(t, ts.addr).cmd("QUIT", "221")
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Errorf("greeted after %v", d)
	}
}

// TestModifiers: DaemonPortOptions' M=E refuses ETRN and M=a wants
// AUTH before MAIL; M=s speaks TLS from the start.
func TestModifiers(t *testing.T) {
	dir := t.TempDir()
	cert, key := selfSigned(t, dir)
	ts := startServerCf(t, "basic", "O ServerCertFile="+cert+"\nO ServerKeyFile="+key+"\n")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go ts.srv.Serve(l, Daemon{Name: "MSA", Modifiers: "Ea"})
	c := dial(t, l.Addr().String())
	if r := c.cmd("EHLO client.example", "250-"); strings.Contains(r, "ETRN") {
		t.Errorf("ETRN offered with M=E:\n%s", r)
	}
	c.cmd("ETRN x", "502 5.7.0 Sorry, we do not allow this operation")
	c.cmd("MAIL FROM:<a@good.example>", "530 5.7.0 Authentication required")
	c.cmd("QUIT", "221")

	ls, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go ts.srv.Serve(ls, Daemon{Name: "TLSMTA", Modifiers: "s"})
	tc, err := tls.Dial("tcp", ls.Addr().String(), &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tc.Close()
	cl := &client{t: t, c: tc, r: bufio.NewReader(tc)}
	cl.expect("220 mx.example.com ESMTP")
	if r := cl.cmd("EHLO client.example", "250-"); strings.Contains(r, "STARTTLS") {
		t.Errorf("STARTTLS offered on SMTPS:\n%s", r)
	}
	cl.cmd("QUIT", "221")
}

// TestHeaderChecks: "HName: $>Ruleset" checks refuse or drop a message
// with the replies the reference gives.
func TestHeaderChecks(t *testing.T) {
	ts := startServerCf(t, "basic", "HSubject: $>CheckSubject\nHX-Test: $>+CheckX\n"+
		"SCheckSubject\nR$* spam $*\t$#error $: 553 Spam subject\n"+
		"SCheckX\nR$* bad $*\t$#error $@ 5.7.1 $: \"550 bad header\"\nR$* tmp $*\t$#error $@ 4.7.1 $: \"451 later\"\nR$* drop $*\t$#discard $: discard\n")
	for _, c := range []struct{ hdr, want string }{
		{"Subject: buy spam now", "553 5.0.0 Spam subject"},
		{"X-Test: a bad one", "550 5.7.1 bad header"},
		{"X-Test: tmp x", "451 4.7.1 later"},
		{"X-Test: drop it", "250 2.0.0 "},
		{"Subject: fine", "250 2.0.0 "},
	} {
		cl := dial(t, ts.addr)
		cl.cmd("EHLO client.example", "250")
		cl.cmd("MAIL FROM:<a@good.example>", "250")
		cl.cmd("RCPT TO:<alice>", "250")
		cl.cmd("DATA", "354")
		cl.cmd(c.hdr+"\r\n\r\nbody\r\n.", c.want)
		cl.cmd("QUIT", "221")
	}
	if n := len(ts.queued(t)); n != 1 {
		t.Errorf("%d messages queued, want 1", n)
	}
}

func TestHeaderCheckNotAdded(t *testing.T) {
	ts := startServerCf(t, "basic", "HX-Test: $>+CheckX\nSCheckX\nR$* bad $*\t$#error $: 553 bad\n")
	cl := dial(t, ts.addr)
	cl.cmd("EHLO client.example", "250")
	cl.cmd("MAIL FROM:<a@good.example>", "250")
	cl.cmd("RCPT TO:<alice>", "250")
	cl.cmd("DATA", "354")
	cl.cmd("Subject: x\r\n\r\nbody\r\n.", "250")
	for _, qf := range ts.queued(t) {
		b, _ := os.ReadFile(filepath.Join(ts.dir, "queue", qf))
		if strings.Contains(string(b), "X-Test") {
			t.Errorf("a header check became a header field:\n%s", b)
		}
	}
}

// TestSlowDown: NOOP past MaxNOOPCommands and HELO past 3 wait 1, 2, 4
// ... seconds, as in sendmail.
func TestSlowDown(t *testing.T) {
	ts := startServerCf(t, "basic", "O MaxNOOPCommands=2\n")
	var slept []time.Duration
	ts.srv.Sleep = func(d time.Duration) { slept = append(slept, d) }
	c := dial(t, ts.addr)
	for i := 0; i < 4; i++ {
		c.cmd("NOOP", "250")
	}
	for i := 0; i < 3; i++ {
		c.cmd("HELO x", "250")
	}
	c.cmd("QUIT", "221")
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, time.Second}
	if fmt.Sprint(slept) != fmt.Sprint(want) {
		t.Errorf("slept %v, want %v", slept, want)
	}
}

// TestTLSMacros: under TLS, $r is ESMTPS after EHLO (ESMTP until then,
// as in the reference), and {tls_version}, {verify}, {cipher_bits} are
// set for the rulesets.
func TestTLSMacros(t *testing.T) {
	dir := t.TempDir()
	cert, key := selfSigned(t, dir)
	ts := startServerCf(t, "basic", "O ServerCertFile="+cert+"\nO ServerKeyFile="+key+"\n"+
		"SLocal_check_rcpt\nR$*\t$#error $@ 5.7.1 $: \"550 r=\" $&r \"|\" $&{tls_version} \"|\" $&{verify} \"|\" $&{cipher_bits}\n")
	c := dial(t, ts.addr)
	c.cmd("EHLO client.example", "250-")
	c.cmd("MAIL FROM:<a@good.example>", "250")
	c.cmd("RCPT TO:<alice>", "550 5.7.1 <alice>... r=ESMTP|||")
	c.cmd("RSET", "250")
	c.cmd("STARTTLS", "220 2.0.0 Ready to start TLS")
	tc := tls.Client(c.c, &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS13})
	if err := tc.Handshake(); err != nil {
		t.Fatal(err)
	}
	c.c, c.r = tc, bufio.NewReader(tc)
	c.cmd("MAIL FROM:<a@good.example>", "250")
	c.cmd("RCPT TO:<alice>", "550 5.7.1 <alice>... r=ESMTP|TLSv1.3|NO|")
	c.cmd("RSET", "250")
	c.cmd("EHLO client.example", "250-")
	c.cmd("MAIL FROM:<a@good.example>", "250")
	c.cmd("RCPT TO:<alice>", "550 5.7.1 <alice>... r=ESMTPS|TLSv1.3|NO|")
	c.cmd("QUIT", "221")
}

// chunkReader hands out its chunks one Read each, as a client's
// segments arrive.
type chunkReader struct{ chunks []string }

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.chunks) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.chunks[0])
	if r.chunks[0] = r.chunks[0][n:]; r.chunks[0] == "" {
		r.chunks = r.chunks[1:]
	}
	return n, nil
}

// writeLog records each Write.
type writeLog struct{ writes []string }

func (w *writeLog) Write(p []byte) (int, error) {
	w.writes = append(w.writes, string(p))
	return len(p), nil
}

// TestPipeliningReplies: the replies to a pipelined group leave in one
// write, once nothing more waits to be read (RFC 2920 lets a server
// hold them; sendmail does), and a lockstep client's each in its own.
func TestPipeliningReplies(t *testing.T) {
	ts := startServer(t, "basic")
	in := &chunkReader{chunks: []string{"EHLO x\r\n",
		"MAIL FROM:<a@good.example>\r\nRCPT TO:<alice>\r\nRCPT TO:<bob>\r\nDATA\r\n",
		"Subject: s\r\n\r\nb\r\n.\r\n", "MAIL FROM:<a@good.example>\r\n", "RCPT TO:<alice>\r\n", "QUIT\r\n"}}
	var out writeLog
	ts.srv.ServeStdio(in, &out, "root")
	var got []string
	for _, w := range out.writes {
		var codes []string
		for _, l := range strings.SplitAfter(w, "\r\n") {
			if len(l) > 4 && l[3] == ' ' {
				codes = append(codes, l[:3])
			}
		}
		got = append(got, strings.Join(codes, "+"))
	}
	want := []string{"220", "250", "250+250+250+354", "250", "250", "250", "221"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("replies per write: %q, want %q", got, want)
	}
}
