package smtpd

import (
	"bufio"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A dialogue (testdata/dialogues/NAME.in) is what a client sends, one
// line each, sent with CR LF. Lines starting with '#' are comments or
// directives: "#site NAME" (a site of siteExtra, basic by default) and
// "#client IP" (the loopback address the client connects from,
// 127.0.0.1 by default). `raw "..."` sends a Go-quoted string as it is
// and waits for a reply; `send "..."` sends one and does not wait.
// After a 354 the lines up to the lone dot are sent without waiting.
//
// NAME.out is the transcript: C: what was sent, S: each reply line,
// then what the server said after the client stopped sending and
// <eof>. Dates, queue ids and the version of the greeting are masked.
// The .out files are the reference's answers: `go test ./smtpd -run
// TestDialogues -reference` writes them again (the reference sendmail
// must be installed, and unshare -u permitted).

var (
	reference = flag.Bool("reference", false, "rewrite testdata/dialogues/*.out from the reference sendmail")
	only      = flag.String("dialogues", "*", "with -reference: the dialogues to rewrite (a pattern)")
)

type dialogue struct {
	site, client string
	bs           bool // "#mode bs": sendmail -bs, SMTP on standard input and output
	lines        []string
}

func readDialogue(t testing.TB, path string) dialogue {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := dialogue{site: "basic", client: "127.0.0.1"}
	for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		if v, ok := strings.CutPrefix(l, "#site "); ok {
			d.site = strings.TrimSpace(v)
			continue
		}
		if v, ok := strings.CutPrefix(l, "#mode "); ok {
			d.bs = strings.TrimSpace(v) == "bs"
			continue
		}
		if v, ok := strings.CutPrefix(l, "#client "); ok {
			d.client = strings.TrimSpace(v)
			continue
		}
		if strings.HasPrefix(l, "#") {
			continue
		}
		d.lines = append(d.lines, l)
	}
	return d
}

// escape writes a line as the transcript shows it.
func escape(b []byte) string {
	var s strings.Builder
	for _, c := range b {
		switch {
		case c == '\\':
			s.WriteString(`\\`)
		case c == '\r':
			s.WriteString(`\r`)
		case c == '\n':
			s.WriteString(`\n`)
		case c == '\t':
			s.WriteString(`\t`)
		case c < ' ' || c >= 0x7f:
			fmt.Fprintf(&s, `\x%02x`, c)
		default:
			s.WriteByte(c)
		}
	}
	return s.String()
}

// talk runs a dialogue against the server at addr.
func talk(addr string, d dialogue) (string, error) {
	dialer := net.Dialer{Timeout: 5 * time.Second, LocalAddr: &net.TCPAddr{IP: net.ParseIP(d.client)}}
	c, err := dialer.Dial("tcp", addr)
	if err != nil {
		return "", err
	}
	return talkOn(c, d)
}

// talkOn runs a dialogue on a connection and closes it.
func talkOn(c net.Conn, d dialogue) (string, error) {
	defer c.Close()
	r := bufio.NewReader(c)
	var out strings.Builder
	readReply := func(timeout time.Duration) bool {
		c.SetReadDeadline(time.Now().Add(timeout))
		got354 := false
		for {
			l, err := r.ReadBytes('\n')
			if len(l) > 0 {
				out.WriteString("S: " + escape(l) + "\n")
			}
			if err != nil {
				if ne, ok := err.(net.Error); ok && ne.Timeout() {
					out.WriteString("S: <timeout>\n")
				} else {
					out.WriteString("S: <eof>\n")
				}
				return false
			}
			// 050 lines (VERB's notes) come before the reply proper
			if len(l) >= 4 && l[3] != '-' && l[0] != '0' {
				got354 = strings.HasPrefix(string(l), "354")
				break
			}
		}
		return got354
	}
	readReply(5 * time.Second)
	inData := false
	for _, l := range d.lines {
		var data []byte
		wait := true
		switch {
		case strings.HasPrefix(l, "raw "), strings.HasPrefix(l, "send "):
			verb, q, _ := strings.Cut(l, " ")
			s, err := strconv.Unquote(q)
			if err != nil {
				return "", fmt.Errorf("%q: %v", l, err)
			}
			data, wait = []byte(s), verb == "raw"
		default:
			data = []byte(l + "\r\n")
			if inData && l != "." {
				wait = false
			}
		}
		out.WriteString("C: " + escape(data) + "\n")
		c.SetWriteDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Write(data); err != nil {
			out.WriteString("C: <write error>\n")
			break
		}
		if !wait {
			continue
		}
		inData = readReply(5 * time.Second)
	}
	if tc, ok := c.(*net.TCPConn); ok {
		tc.CloseWrite()
	}
	c.SetReadDeadline(time.Now().Add(2 * time.Second))
	for {
		l, err := r.ReadBytes('\n')
		if len(l) > 0 {
			out.WriteString("S: " + escape(l) + "\n")
		}
		if err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				out.WriteString("S: <timeout>\n")
			} else {
				out.WriteString("S: <eof>\n")
			}
			break
		}
	}
	return normalize(out.String()), nil
}

var (
	reDate    = regexp.MustCompile(`[A-Z][a-z]{2}, [ 0-9]?\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [-+A-Z0-9]+( \([A-Z]+\))?`)
	reQID     = regexp.MustCompile(`\b[0-9A-Za-x]{8}\d{6}\b`)
	reVersion = regexp.MustCompile(`Sendmail [^ ;]+;`)
	rePort    = regexp.MustCompile(`\[127\.0\.0\.\d+\]:\d+`)
	// the mechanisms of the reference's AUTH line are Cyrus SASL's
	// plugins on the machine: the line is left out on both sides
	reAuth = regexp.MustCompile(`(?m)^S: 250-AUTH .*\n`)
)

func normalize(s string) string {
	s = reDate.ReplaceAllString(s, "DATE")
	s = reQID.ReplaceAllString(s, "QUEUEID")
	s = reVersion.ReplaceAllString(s, "Sendmail VERSION;")
	s = reAuth.ReplaceAllString(s, "")
	return rePort.ReplaceAllString(s, "PEER")
}

func TestDialogues(t *testing.T) {
	files, _ := filepath.Glob("testdata/dialogues/*.in")
	if len(files) == 0 {
		t.Fatal("no dialogues")
	}
	if *reference {
		files, _ = filepath.Glob("testdata/dialogues/" + *only + ".in")
		runReference(t, files)
		return
	}
	servers := map[string]*testServer{}
	for _, f := range files {
		if d := readDialogue(t, f); servers[d.site] == nil {
			servers[d.site] = startServer(t, d.site)
		}
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".in")
		t.Run(name, func(t *testing.T) {
			d := readDialogue(t, f)
			ts := servers[d.site]
			var got string
			var err error
			if d.bs {
				c, sc := net.Pipe()
				go func() { ts.srv.ServeStdio(sc, sc, "root"); sc.Close() }()
				got, err = talkOn(c, d)
			} else {
				got, err = talk(ts.addr, d)
			}
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(strings.TrimSuffix(f, ".in") + ".out")
			if err != nil {
				t.Fatalf("no transcript: %v\n%s", err, got)
			}
			if got != string(want) {
				t.Errorf("%s: transcripts differ\n%s", name, diffLines(string(want), got))
			}
		})
	}
}

// diffLines shows the lines that differ, "-" the reference's, "+" ours.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			fmt.Fprintf(&b, "-%s\n+%s\n", a, c)
		} else {
			fmt.Fprintf(&b, " %s\n", a)
		}
	}
	return b.String()
}

// runReference writes the .out files from the reference sendmail.
func runReference(t *testing.T, files []string) {
	if _, err := os.Stat("/usr/libexec/sendmail/sendmail"); err != nil {
		t.Skip("the reference sendmail is not installed")
	}
	home, _ := os.UserHomeDir()
	base := filepath.Join(home, ".cache", "gosendmail-smtpd-ref")
	os.RemoveAll(base)
	ports := map[string]string{}
	port := 26000 + os.Getpid()%1000
	for _, f := range files {
		d := readDialogue(t, f)
		addr := ports[d.site]
		if addr == "" {
			dir := filepath.Join(base, d.site)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			os.Chmod(base, 0o755)
			cfPath := buildSite(t, dir, d.site, true)
			port++
			addr = fmt.Sprintf("127.0.0.1:%d", port)
			cmd := exec.Command("unshare", "-u", "sh", "-c", "hostname mx.example.com; exec /usr/libexec/sendmail/sendmail -bD -O DaemonPortOptions=Port="+strconv.Itoa(port)+",Addr=127.0.0.1,Name=MTA -C "+cfPath)
			cmd.Dir = dir
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
			for i := 0; i < 50; i++ {
				if c, err := net.Dial("tcp", addr); err == nil {
					c.Close()
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			ports[d.site] = addr
		}
		var got string
		var err error
		if d.bs {
			c, sc := net.Pipe()
			cmd := exec.Command("unshare", "-u", "sh", "-c", "hostname mx.example.com; exec /usr/libexec/sendmail/sendmail -bs -C "+
				filepath.Join(base, d.site, "site.cf"))
			cmd.Stdin, cmd.Stdout = sc, sc
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			go func() { cmd.Wait(); sc.Close() }()
			got, err = talkOn(c, d)
			// sendmail -bs may leave a child holding its output after
			// QUIT: the end of its dialogue is the end of ours
			if s, ok := strings.CutSuffix(got, "S: <timeout>\n"); ok {
				got = s + "S: <eof>\n"
			}
		} else {
			got, err = talk(addr, d)
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(strings.TrimSuffix(f, ".in")+".out", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
