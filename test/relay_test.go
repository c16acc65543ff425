package test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gosendmail/gosendmail/deliver"
	"github.com/gosendmail/gosendmail/ruleset"
	"github.com/gosendmail/gosendmail/smtpclient"
)

// TestRelayToReference: our SMTP client delivers to the reference
// sendmail running as a daemon (-bD) that only queues (DeliveryMode=q):
// a local user is accepted and the message lands in its queue, an
// unknown one is refused at RCPT as sendmail reports it, and a message
// over the daemon's SIZE is bounced without being sent.
func TestRelayToReference(t *testing.T) {
	needRef(t)
	dir := t.TempDir()
	qdir := filepath.Join(dir, "mqueue")
	os.Mkdir(qdir, 0o700)
	os.WriteFile(filepath.Join(dir, "aliases"), []byte("postmaster: root\n"), 0o644)
	mc := fmt.Sprintf("OSTYPE(`debian')dnl\ndefine(`QUEUE_DIR', `%[1]s/mqueue')dnl\n"+
		"define(`ALIAS_FILE', `%[1]s/aliases')dnl\ndefine(`STATUS_FILE', `%[1]s/statistics')dnl\n"+
		"define(`confDONT_BLAME_SENDMAIL', `TrustStickyBit,MapInUnsafeDirPath')dnl\n"+
		"define(`confDONT_PROBE_INTERFACES', `True')dnl\ndefine(`confMAX_MESSAGE_SIZE', `4000')dnl\n"+
		"FEATURE(`accept_unresolvable_domains')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n", dir)
	mcPath := filepath.Join(dir, "r.mc")
	os.WriteFile(mcPath, []byte(mc), 0o644)
	cf, err := exec.Command("m4", "/usr/share/sendmail/cf/m4/cf.m4", mcPath).Output()
	if err != nil {
		t.Skipf("m4 with sendmail's cf tree: %v", err)
	}
	cfPath := filepath.Join(dir, "r.cf")
	os.WriteFile(cfPath, cf, 0o644)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command("unshare", "-u", "sh", "-c", `hostname mx.example.com && exec "$@"`, "sh",
		refSendmail, "-C", cfPath, "-bD", "-O", "DeliveryMode=q",
		"-O", fmt.Sprintf("DaemonPortOptions=Port=%d,Addr=127.0.0.1", port))
	cmd.Dir = dir
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	up := false
	for i := 0; i < 100 && !up; i++ {
		if c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port)); err == nil {
			c.Close()
			up = true
		} else {
			time.Sleep(50 * time.Millisecond)
		}
	}
	if !up {
		t.Fatal("the reference daemon did not start")
	}
	mr := &ruleset.Mailer{Name: "esmtp", Path: "[IPC]", Argv: []string{"TCP", "$h", strconv.Itoa(port)},
		EOL: "\r\n", LineLimit: 990}
	for _, f := range "mDFMuXa" {
		mr.Flags[f] = true
	}
	var transcript strings.Builder
	c := &smtpclient.Client{HeloName: "client.example.org", Verbose: &transcript}
	m := &smtpclient.Message{Sender: "sender@client.example.org", ID: "TESTID",
		Rcpts: []smtpclient.Rcpt{{Addr: "root@mx.example.com", Notify: "F"}, {Addr: "nosuch@mx.example.com"}},
		Data:  []byte("From: sender@client.example.org\nSubject: relay test\n\n.leading dot\nbody\n")}
	st := c.Deliver(context.Background(), mr, "[127.0.0.1]", m)
	if !st[0].OK() || !strings.HasPrefix(st[0].Text, "Sent (") || !st[0].Remote.DSN {
		t.Errorf("root: %+v\n%s", st[0], transcript.String())
	}
	if s := st[1]; s.Kind != deliver.PermFail || s.Line("nosuch@mx.example.com") != "550 5.1.1 nosuch@mx.example.com... User unknown" ||
		!strings.HasPrefix(s.Remote.Reply, "550 5.1.1 <nosuch@mx.example.com>... User unknown") {
		t.Errorf("nosuch: %+v %+v", s, s.Remote)
	}
	for _, want := range []string{">>> EHLO client.example.org", "250-PIPELINING", ">>> RCPT To:<root@mx.example.com> NOTIFY=FAILURE"} {
		if !strings.Contains(transcript.String(), want) {
			t.Errorf("transcript lacks %q:\n%s", want, transcript.String())
		}
	}
	dfs, _ := filepath.Glob(filepath.Join(qdir, "df*"))
	if len(dfs) != 1 {
		t.Fatalf("%d df files in the reference's queue", len(dfs))
	}
	df, _ := os.ReadFile(dfs[0])
	if string(df) != ".leading dot\nbody\n" {
		t.Errorf("the reference queued %q", df)
	}
	// the daemon offers SIZE 4000: a bigger message is not sent
	m.Rcpts = m.Rcpts[:1]
	m.Data = append(m.Data, strings.Repeat("x", 5000)+"\n"...)
	transcript.Reset()
	st = c.Deliver(context.Background(), mr, "[127.0.0.1]", m)
	if st[0].Kind != deliver.PermFail || st[0].DSN != "5.3.4" || strings.Contains(transcript.String(), "MAIL From") {
		t.Errorf("too big: %+v\n%s", st[0], transcript.String())
	}
}
