package test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestQueueTimeouts: a recipient that keeps failing temporarily (a
// program alias exiting EX_TEMPFAIL) stays queued; past
// Timeout.queuewarn the sender gets one delay warning, past
// Timeout.queuereturn the message comes back as a failure (4.4.7) and
// leaves the queue.
func TestQueueTimeouts(t *testing.T) {
	s := newSite(t, "", "")
	if out, errs, code := s.sendmail(t, "Subject: slow one\n\nbody\n", "-odi", "-f", "alice", "slow"); code != 0 {
		t.Fatalf("a deferral must exit 0: exit %d %s%s", code, out, errs)
	}
	if len(s.queueFiles()) != 2 {
		t.Fatalf("queue: %v", s.queueFiles())
	}
	time.Sleep(1100 * time.Millisecond)
	for i := 0; i < 2; i++ { // a second run must not warn again
		if _, errs, code := s.sendmail(t, "", "-q", "-OTimeout.queuewarn=1s"); code != 0 {
			t.Fatalf("queue run: %d %s", code, errs)
		}
	}
	m := waitMessages(t, filepath.Join(s.mail, "root"), 1)[0]
	if sub, _ := header(m, "Subject"); sub != "Warning: could not send message for past 1 second" {
		t.Errorf("warning subject %q", sub)
	}
	if !strings.Contains(m, "Action: delayed") || !strings.Contains(m, "Subject: slow one") {
		t.Errorf("warning:\n%s", m)
	}
	if len(s.queueFiles()) != 2 {
		t.Fatalf("still queued after the warning: %v", s.queueFiles())
	}
	if _, errs, code := s.sendmail(t, "", "-q", "-OTimeout.queuereturn=1s"); code != 0 {
		t.Fatalf("queue run: %d %s", code, errs)
	}
	msgs := waitMessages(t, filepath.Join(s.mail, "root"), 2)
	b := msgs[1]
	if sub, _ := header(b, "Subject"); sub != "Returned mail: see transcript for details" {
		t.Errorf("bounce subject %q", sub)
	}
	for _, want := range []string{"Action: failed", "Status: 4.4.7", "could not be delivered for 1 second", "To: alice"} {
		if !strings.Contains(b, want) {
			t.Errorf("bounce lacks %q:\n%s", want, b)
		}
	}
	if q := s.queueFiles(); len(q) != 0 {
		t.Errorf("left in the queue: %v", q)
	}
}

// TestReturnReceipt: -N success asks for a return receipt once the
// message is delivered.
func TestReturnReceipt(t *testing.T) {
	s := newSite(t, "", "")
	if _, errs, code := s.sendmail(t, "Subject: receipt please\n\nx\n", "-odi", "-N", "success,failure", "-f", "alice", "carol"); code != 0 {
		t.Fatalf("exit %d %s", code, errs)
	}
	waitMessages(t, filepath.Join(s.dir, "carol.mbox"), 1)
	r := waitMessages(t, filepath.Join(s.mail, "root"), 1)[0]
	if sub, _ := header(r, "Subject"); sub != "Return receipt" || !strings.Contains(r, "Action: delivered (to mailbox)") {
		t.Errorf("receipt:\n%s", r)
	}
}

// TestPostmasterCopy: with PostmasterCopy set, a bounce goes to the
// sender and a copy (the original's header only) to the postmaster.
func TestPostmasterCopy(t *testing.T) {
	s := newSite(t, "define(`confCOPY_ERRORS_TO', `carol')dnl\n", "")
	if _, _, code := s.sendmail(t, "Subject: lost\n\nsecret body\n", "-odi", "-oem", "-f", "alice", "nosuchuser"); code != 67 {
		t.Fatalf("exit %d, want 67", code)
	}
	b := waitMessages(t, filepath.Join(s.mail, "root"), 1)[0]
	if !strings.Contains(b, "Returned mail: see transcript") || !strings.Contains(b, "secret body") {
		t.Errorf("the sender's bounce:\n%s", b)
	}
	c := waitMessages(t, filepath.Join(s.dir, "carol.mbox"), 1)[0]
	if sub, _ := header(c, "Subject"); sub != "Postmaster notify: see transcript for details" || strings.Contains(c, "secret body") {
		t.Errorf("the postmaster's copy (subject %q):\n%s", sub, c)
	}
}

// TestProgRunsAsDefaultUser: a program named by an alias does not run as
// root but as DefaultUser, as sendmail runs it.
func TestProgRunsAsDefaultUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root can run a program as another user")
	}
	s := newSite(t, "", "")
	// a directory any user can write, and reach (t.TempDir's parent is
	// root's alone)
	pub, err := os.MkdirTemp("", "prog-uid-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(pub)
	os.Chmod(pub, 0o1777)
	f, _ := os.OpenFile(filepath.Join(s.dir, "aliases"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("whoruns: \"|/usr/bin/id -u > " + pub + "/uid\"\n")
	f.Close()
	if _, errs, code := s.sendmail(t, "", "-bi"); code != 0 {
		t.Fatal(errs)
	}
	if _, errs, code := s.sendmail(t, "Subject: x\n\nx\n", "-odi", "whoruns"); code != 0 {
		t.Fatalf("exit %d %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(pub, "uid"))
	if err != nil || strings.TrimSpace(string(b)) == "0" || strings.TrimSpace(string(b)) == "" {
		t.Errorf("the program ran as uid %q (%v), want DefaultUser's", b, err)
	}
}

// TestFileAliasNotRoot: a file named by an alias is written only if
// DefaultUser could write it: a root-only file is left alone.
func TestFileAliasNotRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("as root only: otherwise every file is ours or not writable anyway")
	}
	s := newSite(t, "", "")
	target := filepath.Join(s.dir, "rootonly")
	write(t, target, "precious\n")
	f, _ := os.OpenFile(filepath.Join(s.dir, "aliases"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("evil: " + target + "\n")
	f.Close()
	if _, errs, code := s.sendmail(t, "", "-bi"); code != 0 {
		t.Fatal(errs)
	}
	_, _, code := s.sendmail(t, "Subject: x\n\nx\n", "-odi", "-oeq", "evil")
	if b, _ := os.ReadFile(target); string(b) != "precious\n" {
		t.Errorf("a root-only file was written through an alias (exit %d):\n%s", code, b)
	}
	if code != 73 {
		t.Errorf("exit %d, want 73 (EX_CANTCREAT)", code)
	}
}
