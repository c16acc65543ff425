package test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosendmail/gosendmail/test/mailcheck"
)

// TestDovecotReadsOurMailbox: what our sendmail leaves in /var/mail
// (here the site's mail directory) is read by a real IMAP server,
// Dovecot, message for message.
func TestDovecotReadsOurMailbox(t *testing.T) {
	s := newSite(t, "", "")
	msgs := []struct{ in, subject, body string }{
		{"Subject: one\n\nFrom the start of a line\nand more\n", "one", ">From the start of a line\nand more\n"},
		{"Subject: two\nContent-Type: text/plain; charset=utf-8\n\n\xc3\xa9t\xc3\xa9 \xe2\x82\xac\n", "two", "\xc3\xa9t\xc3\xa9 \xe2\x82\xac\n"},
		{"Subject: three\n\nno final newline", "three", "no final newline\n"},
	}
	for _, m := range msgs {
		if out, errs, code := s.sendmail(t, m.in, "-odi", "-i", "root"); code != 0 {
			t.Fatalf("exit %d: %s%s", code, out, errs)
		}
	}
	got := mailcheck.ReadMboxWithDovecot(t, filepath.Join(s.mail, "root"))
	if len(got) != len(msgs) {
		t.Fatalf("Dovecot sees %d messages, want %d", len(got), len(msgs))
	}
	for i, m := range msgs {
		if sub := got[i].Get("Subject"); sub != m.subject {
			t.Errorf("message %d: Subject %q, want %q", i+1, sub, m.subject)
		}
		if rp := got[i].Get("Return-Path"); rp != "<root>" {
			t.Errorf("message %d: Return-Path %q", i+1, rp)
		}
		// the empty line mbox puts after a message is not part of it,
		// except that Dovecot keeps it on the last one
		b := strings.TrimSuffix(got[i].Body, "\n")
		if b != strings.TrimSuffix(m.body, "\n") {
			t.Errorf("message %d: body %q, want %q", i+1, got[i].Body, m.body)
		}
	}
}

// TestProcmailLocalMailer: procmail as the local mailer
// (FEATURE(local_procmail)): our sendmail runs it with the .cf's
// arguments and the message arrives in the mailbox its rcfile names,
// which Dovecot reads.
func TestProcmailLocalMailer(t *testing.T) {
	if _, err := os.Stat(mailcheck.ProcmailPath); err != nil {
		t.Skip("procmail not installed (apt-get install procmail)")
	}
	pdir, err := os.MkdirTemp("", "procmail-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(pdir)
	os.Chmod(pdir, 0o755)
	rc := mailcheck.ProcmailRC(t, pdir)
	s := newSite(t, "FEATURE(`local_procmail', `"+mailcheck.ProcmailPath+"', `procmail -Y -f $g -m "+rc+"')dnl\n", "")
	in := "Subject: via procmail\nTo: alice\n\nFrom here on, procmail.\n"
	if out, errs, code := s.sendmail(t, in, "-odi", "-i", "-f", "sender@example.org", "alice"); code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(s.mail, "root")); err == nil {
		t.Errorf("the built-in mbox delivery was used, not procmail")
	}
	got := mailcheck.ReadMboxWithDovecot(t, filepath.Join(pdir, "procmail.mbox"))
	if len(got) != 1 {
		t.Fatalf("Dovecot sees %d messages in procmail's mailbox, want 1", len(got))
	}
	m := got[0]
	if m.Get("Subject") != "via procmail" || !strings.Contains(m.Body, "From here on, procmail.") {
		t.Errorf("message: %+v", m)
	}
	for _, h := range []string{"Received", "Message-Id", "Date", "From"} {
		if m.Get(h) == "" {
			t.Errorf("no %s: header", h)
		}
	}
}
