package smtpd

import (
	"bytes"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// lineReader hands its input out one line a read, as a client that waits
// for each reply would send it.
type lineReader struct{ b []byte }

func (r *lineReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := bytes.IndexByte(r.b, '\n') + 1
	if n == 0 || n > len(p) {
		n = min(len(r.b), len(p))
	}
	copy(p, r.b[:n])
	r.b = r.b[n:]
	return n, nil
}

// FuzzSession runs whole sessions: whatever the client sends, the
// server neither panics nor hangs, answers every line with CR LF ended
// replies, and leaves no goroutine behind.
func FuzzSession(f *testing.F) {
	for _, s := range []string{
		"EHLO x\r\nMAIL FROM:<a@good.example>\r\nRCPT TO:<alice>\r\nDATA\r\nSubject: s\r\n\r\nb\r\n.\r\nQUIT\r\n",
		"HELO x\r\nMAIL FROM:<>\r\nRCPT TO:<nosuch>\r\nRSET\r\nVRFY alice\r\nEXPN team\r\nHELP mail\r\nQUIT\r\n",
		"EHLO x\r\nMAIL FROM:<a@b> SIZE=1 BODY=8BITMIME RET=HDRS ENVID=x+2B\r\nRCPT TO:<bob> NOTIFY=NEVER ORCPT=rfc822;b\r\n",
		"EHLO x\r\nMAIL FROM:<a@good.example>\r\nRCPT TO:<alice>\r\nDATA\r\nx\n.\nMAIL FROM:<e@good.example>\r\n",
		"EHLO x\r\nMAIL FROM:<a@good.example>\r\nRCPT TO:<alice>\r\nDATA\r\nx\r.\rQUIT\r\n",
		"EHLO x\r\nMAIL FROM:<a@good.example>\r\nRCPT TO:<alice>\r\nDATA\r\n\x00.\r\n.\r\n",
		"MAIL FROM:<\"a b\"@good.example (c)>\r\nRCPT TO:<@x:a@y>\r\nAUTH PLAIN AGEAYg==\r\nSTARTTLS\r\nETRN #q\r\nVERB\r\n",
		"MAIL FROM:<a@good.example> BY=1;R\r\nRCPT TO:<alice>\r\nDATA\r\n..\r\n...\r\n.\r\n",
		"\r\n\n \t\r\nXYZ\r\nmail from:<A@GOOD.EXAMPLE>\r\n",
	} {
		f.Add([]byte(s))
	}
	fuzzSrv := startServer(f, "relay")
	f.Fuzz(func(t *testing.T, data []byte) {
		before := runtime.NumGoroutine()
		var out bytes.Buffer
		done := make(chan struct{})
		go func() {
			defer close(done)
			fuzzSrv.srv.ServeStdio(&lineReader{b: data}, &out, "fuzz")
		}()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			if p := os.Getenv("SMTPD_SLOWLOG"); p != "" {
				os.WriteFile(p, data, 0o644) // a slow input, for study
			}
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatalf("session hangs on %q", data)
			}
		}
		o := out.Bytes()
		if len(o) == 0 || !bytes.HasSuffix(o, []byte("\r\n")) {
			t.Fatalf("output %q does not end a reply", o)
		}
		for _, l := range bytes.Split(o[:len(o)-2], []byte("\r\n")) {
			if len(l) < 4 || l[0] < '2' || l[0] > '5' || (l[3] != ' ' && l[3] != '-') {
				t.Fatalf("not a reply line: %q (input %q)", l, data)
			}
		}
		for i := 0; i < 50 && runtime.NumGoroutine() > before; i++ {
			time.Sleep(10 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			t.Fatalf("%d goroutines left behind", n-before)
		}
	})
}

// FuzzParsePath: MAIL and RCPT arguments never panic the parser; the
// address and what follows it are the input; parameters have no blanks.
func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"FROM:<a@b> SIZE=1", "TO: <\"a b\"@c> NOTIFY=NEVER", "FROM:<a (x> y) b>",
		"from:a@b\tBODY=8BITMIME", "TO:<a\\>>", "FROM:\r<x>", "TO:<<>>  ORCPT=rfc822;a+2B"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		i := strings.IndexByte(s, ':')
		if i >= 0 {
			p := strings.TrimLeft(s[i+1:], blanks)
			a, rest := addrExtent(p)
			if a+rest != p {
				t.Fatalf("addrExtent(%q) = %q, %q", p, a, rest)
			}
		}
		pa, _, ok := parsePath(s, "FROM")
		if !ok {
			return
		}
		for _, p := range pa.params {
			if strings.ContainsAny(p.key, blanks) || strings.ContainsAny(p.value, blanks) {
				t.Fatalf("parameter with a blank: %q=%q", p.key, p.value)
			}
		}
		parseMailParams(pa.params, new(bool), new(bool))
		parseRcptParams(pa.params)
	})
}
