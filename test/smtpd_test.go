package test

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDaemonLifecycle runs bin/sendmail -bd on the test site: the
// daemon goes to the background and writes its pid file, takes a
// message by SMTP and delivers it to the mailbox, reads its .cf again on
// SIGHUP (a new greeting for new sessions), and on SIGTERM stops
// accepting, lets the session in progress finish its message and
// removes the pid file.
func TestDaemonLifecycle(t *testing.T) {
	s := newSite(t, "define(`confPID_FILE', `@DIR@/sendmail.pid')dnl\n", "")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	cmd := exec.Command(filepath.Join(s.bin, "sendmail"), "-bd", "-C", s.cf,
		"-O", "DaemonPortOptions=Port="+strconv.Itoa(port)+",Addr=127.0.0.1,Name=MTA")
	cmd.Env = append(os.Environ(), "HOME="+s.dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sendmail -bd: %v\n%s", err, out)
	}
	pidFile := filepath.Join(s.dir, "sendmail.pid")
	var pid int
	for i := 0; i < 100 && pid == 0; i++ {
		if b, err := os.ReadFile(pidFile); err == nil {
			pid, _ = strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
		}
		time.Sleep(50 * time.Millisecond)
	}
	if pid == 0 {
		t.Fatal("no pid file")
	}
	if b, _ := os.ReadFile(pidFile); !strings.Contains(string(b), " -bd -C ") {
		t.Errorf("pid file: %q", b)
	}
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })

	say := func(c net.Conn, r *bufio.Reader, line, want string) string {
		t.Helper()
		if line != "" {
			fmt.Fprintf(c, "%s\r\n", line)
		}
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		var all string
		for {
			l, err := r.ReadString('\n')
			if err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			all += l
			if len(l) < 4 || l[3] != '-' {
				break
			}
		}
		if !strings.HasPrefix(all, want) {
			t.Fatalf("%q: got %q, want %q", line, all, want)
		}
		return all
	}
	connect := func() (net.Conn, *bufio.Reader, string) {
		t.Helper()
		var c net.Conn
		for i := 0; i < 100; i++ {
			if c, err = net.Dial("tcp", addr); err == nil {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(c)
		return c, r, say(c, r, "", "220 ")
	}

	c, r, _ := connect()
	say(c, r, "EHLO client.example", "250-mx.example.com Hello localhost [127.0.0.1], pleased to meet you")
	say(c, r, "MAIL FROM:<someone@mx.example.com>", "250 2.1.0 <someone@mx.example.com>... Sender ok")
	say(c, r, "RCPT TO:<alice>", "250 2.1.5 <alice>... Recipient ok")
	say(c, r, "DATA", "354 ")
	say(c, r, "Subject: over SMTP\r\n\r\nhello\r\n.", "250 2.0.0 ")
	say(c, r, "QUIT", "221 2.0.0 mx.example.com closing connection")
	c.Close()
	msgs := waitMessages(t, filepath.Join(s.mail, "root"), 1)
	if v, _ := header(msgs[0], "Subject"); v != "over SMTP" {
		t.Errorf("delivered message:\n%s", msgs[0])
	}

	// SIGHUP: a new greeting for new sessions
	cfText, _ := os.ReadFile(s.cf)
	os.WriteFile(s.cf, append(cfText, []byte("O SmtpGreetingMessage=$j reloaded\n")...), 0o644)
	syscall.Kill(pid, syscall.SIGHUP)
	time.Sleep(300 * time.Millisecond)
	// (as many sessions as the daemon can have copies of its MTA, and
	// one more: each copy is new)
	for i := 0; i < 9; i++ {
		c, _, greet := connect()
		c.Close()
		if greet != "220 mx.example.com ESMTP reloaded\r\n" {
			t.Errorf("greeting %d after SIGHUP: %q", i+1, greet)
		}
	}

	// SIGTERM: the session in progress finishes
	c, r, _ = connect()
	say(c, r, "EHLO client.example", "250-")
	say(c, r, "MAIL FROM:<someone@mx.example.com>", "250 ")
	syscall.Kill(pid, syscall.SIGTERM)
	time.Sleep(300 * time.Millisecond)
	if c2, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c2.Close()
		t.Error("a connection was accepted after SIGTERM")
	}
	say(c, r, "RCPT TO:<bob>", "250 ")
	say(c, r, "DATA", "354 ")
	say(c, r, "Subject: late\r\n\r\nstill taken\r\n.", "250 2.0.0 ")
	say(c, r, "QUIT", "221 ")
	c.Close()
	for i := 0; i < 100; i++ {
		if _, err := os.Stat(pidFile); err != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := os.Stat(pidFile); err == nil {
		t.Error("the pid file is still there after SIGTERM")
	}
	waitMessages(t, filepath.Join(s.mail, "root"), 2)
}
