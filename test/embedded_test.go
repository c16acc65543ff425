package test

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
)

// TestEmbeddedDevConfig: the README's first command runs the MTA on the
// built-in configuration; here its SMTP side is driven on standard input
// (-bs, no port needed) and a submission is made, both from a fresh
// directory: the message lands in ./var/mail/USER.
func TestEmbeddedDevConfig(t *testing.T) {
	bin := bins(t)
	dir := t.TempDir()
	me, err := user.Current()
	if err != nil {
		t.Skip(err)
	}
	run := func(stdin string, args ...string) string {
		cmd := exec.Command(filepath.Join(bin, "sendmail"), append([]string{"-C", "embedded:dev"}, args...)...)
		cmd.Dir = dir
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("sendmail %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	// -bs: one command after each reply, as a client does (sendmail
	// refuses a client that talks before the greeting)
	cmd := exec.Command(filepath.Join(bin, "sendmail"), "-C", "embedded:dev", "-bs", "-odi")
	cmd.Dir = dir
	in, _ := cmd.StdinPipe()
	outp, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(outp)
	var transcript strings.Builder
	reply := func() string {
		for {
			l, err := r.ReadString('\n')
			transcript.WriteString(l)
			if err != nil || len(l) < 4 || l[3] != '-' {
				return l
			}
		}
	}
	reply()
	for _, c := range []string{"EHLO client.example", "MAIL FROM:<" + me.Username + "@localhost>", "RCPT TO:<" + me.Username + ">",
		"DATA", "Subject: over smtp\r\n\r\nhello\r\n.", "QUIT"} {
		io.WriteString(in, c+"\r\n")
		reply()
	}
	in.Close()
	cmd.Wait()
	if !strings.Contains(transcript.String(), "Message accepted for delivery") {
		t.Fatalf("SMTP session:\n%s", transcript.String())
	}
	run("Subject: submitted\n\nhello\n", "-odi", me.Username)
	b, err := os.ReadFile(filepath.Join(dir, "var", "mail", me.Username))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "Subject: over smtp") || !strings.Contains(string(b), "Subject: submitted") {
		t.Errorf("mailbox:\n%s", b)
	}
}
