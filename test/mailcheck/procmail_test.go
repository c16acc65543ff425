package mailcheck

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosendmail/gosendmail/deliver"
)

// procmailDeliver runs `procmail ARGS` the way our prog mailer runs a
// program: the message on standard input after a From line.
func procmailDeliver(t *testing.T, args, sender, data string) *deliver.Status {
	t.Helper()
	p := &deliver.Program{Timeout: 30 * time.Second}
	when := time.Date(2026, 11, 25, 19, 4, 46, 0, time.UTC)
	return p.Deliver(context.Background(), ProcmailPath+" "+args, deliver.NewMessage(sender, when, []byte(data)))
}

func TestProcmailRC(t *testing.T) {
	dir := t.TempDir()
	rc := ProcmailRC(t, dir)
	b, err := os.ReadFile(rc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"MAILDIR='" + dir + "'\n",
		"DEFAULT='" + dir + "/procmail.mbox'\n",
		"ORGMAIL='" + dir + "/procmail.mbox'\n",
		"LOGFILE='" + dir + "/procmail.log'\n",
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %q:\n%s", rc, want, b)
		}
	}
}

// TestProcmailThroughDovecot delivers with procmail and the rcfile of
// ProcmailRC, as our prog mailer would run it, and reads the result with
// Dovecot.
func TestProcmailThroughDovecot(t *testing.T) {
	dir := t.TempDir()
	rc := ProcmailRC(t, dir)
	needDovecot(t)
	for _, c := range []struct{ args, data string }{
		{"-Y -m " + rc, msgFromLine},
		// The prog mailer ends the last line of this one (see
		// TestProcmailNoNewline for procmail given no newline).
		{"-t -Y -m " + rc, msgNoNewline},
		{"-Y -a example.com -m " + rc, msg8bit},
	} {
		if st := procmailDeliver(t, c.args, "bob@example.org", c.data); !st.OK() {
			t.Fatalf("procmail %s: %v\n%s", c.args, st, st.Output)
		}
	}
	mbox := filepath.Join(dir, "procmail.mbox")
	raw, err := os.ReadFile(mbox)
	if err != nil {
		t.Fatal(err)
	}
	// procmail keeps our From line, escapes the body's and puts an empty
	// line after each message.
	for _, want := range []string{
		"From bob@example.org Wed Nov 25 19:04:46 2026\nFrom: Bob",
		"\n>From Bob Mon Dec  1 10:00:00 2025 wrote:\n",
		"\nbye\n\nFrom bob@example.org ",
		"\nlast line without newline\n\nFrom bob@example.org ",
	} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("procmail.mbox lacks %q:\n%s", want, raw)
		}
	}

	msgs := ReadMboxWithDovecot(t, mbox)
	if len(msgs) != 3 {
		t.Fatalf("Dovecot sees %d messages, want 3: %q", len(msgs), subjects(msgs))
	}
	bob := Field{"From", "Bob <bob@example.org>"}
	checkMessage(t, msgs[0], 1,
		[]Field{bob, {"To", "alice@example.com"}, {"Subject", "first: a From line in the body"}},
		"Hello Alice,\n>From Bob Mon Dec  1 10:00:00 2025 wrote:\n>From a line quoted already\nbye\n")
	checkMessage(t, msgs[1], 2,
		[]Field{bob, {"Subject", "third:\tno newline at the end"}},
		"first line\nlast line without newline\n")
	checkMessage(t, msgs[2], 3,
		[]Field{bob, {"Subject", "second: 8-bit"}, {"Content-Type", "text/plain; charset=utf-8"}, {"Content-Transfer-Encoding", "8bit"}},
		"Gr\u00fc\u00dfe aus K\u00f6ln, \u65e5\u672c\u8a9e\nLatin-1 bytes: \xe9\xe8\xff\n")
}

// TestProcmailExitCodes checks what procmail answers when it cannot write
// the mailbox (here, a disk that is full), and what sendmail makes of it.
func TestProcmailExitCodes(t *testing.T) {
	dir := t.TempDir()
	rc := ProcmailRC(t, dir)
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skipf("no /dev/full to fill: %v", err)
	}
	if err := os.Symlink("/dev/full", filepath.Join(dir, "procmail.mbox")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args   string
		exit   int
		kind   deliver.Kind
		folder string
	}{
		{"-Y -m " + rc, deliver.ExCantCreat, deliver.PermFail, "**Bounced**"},
		{"-t -Y -m " + rc, deliver.ExTempFail, deliver.TempFail, "**Requeued**"},
	} {
		st := procmailDeliver(t, c.args, "bob@example.org", msg8bit)
		if st.Exit != c.exit || st.Kind != c.kind {
			t.Errorf("procmail %s: exit %d (%v), want %d (%v)\n%s", c.args, st.Exit, st.Kind, c.exit, c.kind, st.Output)
		}
		log, _ := os.ReadFile(filepath.Join(dir, "procmail.log"))
		if !strings.Contains(string(log), "Folder: "+c.folder) {
			t.Errorf("procmail %s: the log does not say %s:\n%s", c.args, c.folder, log)
		}
		os.Remove(filepath.Join(dir, "procmail.log"))
	}
}

// TestProcmailWithoutFromLine: procmail -m writes no From line of its own
// unless given -f, so a message without one makes a file that is no mbox.
func TestProcmailWithoutFromLine(t *testing.T) {
	const data = "Subject: no envelope\n\nbody\n"
	run := func(dir string, args ...string) string {
		rc := ProcmailRC(t, dir)
		cmd := exec.Command(ProcmailPath, append(append([]string{"-Y"}, args...), "-m", rc)...)
		cmd.Stdin = strings.NewReader(data)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("procmail: %v\n%s", err, out)
		}
		return filepath.Join(dir, "procmail.mbox")
	}

	bare := run(t.TempDir())
	if b, _ := os.ReadFile(bare); string(b) != data+"\n" {
		t.Errorf("procmail without -f wrote %q", b)
	}
	withF := run(t.TempDir(), "-f", "carol@example.net")
	b, _ := os.ReadFile(withF)
	if !strings.HasPrefix(string(b), "From carol@example.net  ") || !strings.HasSuffix(string(b), "\n"+data+"\n") {
		t.Errorf("procmail -f wrote %q", b)
	}

	needDovecot(t)
	msg := mustFatal(t, func(tb testing.TB) { ReadMboxWithDovecot(tb, bare) })
	if !strings.Contains(msg, "Mailbox isn't a valid mbox file") {
		t.Errorf("failure message: %s", msg)
	}
	msgs := ReadMboxWithDovecot(t, withF)
	if len(msgs) != 1 {
		t.Fatalf("Dovecot sees %d messages, want 1", len(msgs))
	}
	checkMessage(t, msgs[0], 1, []Field{{"Subject", "no envelope"}}, "body\n")
}

// TestProcmailNoNewline: given a message whose last line has no newline,
// procmail adds the newline but no empty line, and Dovecot then takes that
// newline for part of the next From line.
func TestProcmailNoNewline(t *testing.T) {
	dir := t.TempDir()
	rc := ProcmailRC(t, dir)
	const from = "From bob@example.org Wed Nov 25 19:04:46 2026\n"
	for _, data := range []string{from + msgNoNewline, from + msg8bit} {
		cmd := exec.Command(ProcmailPath, "-Y", "-m", rc)
		cmd.Stdin = strings.NewReader(data)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("procmail: %v\n%s", err, out)
		}
	}
	mbox := filepath.Join(dir, "procmail.mbox")
	raw, _ := os.ReadFile(mbox)
	if want := from + msgNoNewline + "\n" + from + msg8bit + "\n"; string(raw) != want {
		t.Fatalf("procmail.mbox:\n got %q\nwant %q", raw, want)
	}
	needDovecot(t)
	msgs := ReadMboxWithDovecot(t, mbox)
	if len(msgs) != 2 {
		t.Fatalf("Dovecot sees %d messages, want 2: %q", len(msgs), subjects(msgs))
	}
	if msgs[0].Body != "first line\nlast line without newline" || msgs[1].Get("Subject") != "second: 8-bit" {
		t.Errorf("Dovecot gives %q and %q", msgs[0].Body, msgs[1].Get("Subject"))
	}
}
