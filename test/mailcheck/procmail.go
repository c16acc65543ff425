package mailcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ProcmailPath is procmail; ProcmailRC skips the test when it is missing.
const ProcmailPath = "/usr/bin/procmail"

// ProcmailRC writes dir/procmailrc, an rcfile with which procmail delivers
// every message to dir/procmail.mbox (DEFAULT and ORGMAIL both point there,
// so nothing is ever written under /var/mail), locked with
// dir/procmail.mbox.lock, and logs to dir/procmail.log. It returns the
// rcfile's path, and skips the test when procmail is not installed.
//
// How to run procmail with it (Debian's procmail 3.22-27, which calls
// itself v3.23pre; checked as root):
//
//	procmail -Y -m RCFILE          (add -t to defer instead of bounce)
//
// with the message on standard input. -m makes procmail a filter that reads
// RCFILE only, as the user who runs it; -Y ignores Content-Length:.
//
//   - The input's own "From " line is kept as it is, so give procmail one,
//     as sendmail's prog mailer (deliver.Program) does. Without one, and
//     without -f SENDER, procmail -m writes the message with no From line
//     at all, which is not an mbox (Dovecot refuses it when it is the first
//     message). -f SENDER makes a new From line ("From SENDER  DATE", two
//     spaces) in place of the input's.
//   - procmail puts '>' before every body line that begins with "From ",
//     and ends each message with an empty line, except that a message whose
//     last line had no newline only gets that newline: the next From line
//     then follows it directly.
//   - Exit status: 0 delivered; 73 (EX_CANTCREAT) when the mailbox cannot be
//     written (or the rcfile cannot be read), 75 (EX_TEMPFAIL) instead with
//     -t; the log says "Folder: **Bounced**" or "**Requeued**". sendmail,
//     and deliver.FromExit, bounce 73 and defer 75. A failed delivery to
//     DEFAULT does not fall back to /var/mail under -m. When MAILDIR does
//     not exist, procmail does not fail: it sleeps 8 seconds at a time,
//     waiting for a lockfile with a garbage name, until it is killed (with
//     SIGTERM it exits 75), so a delivery timeout is worth having.
//   - procmail takes a second longer when it creates the mailbox file.
//   - The local mailer's `procmail -t -Y -a $h -d $u` cannot be pointed at
//     this rcfile: -d reads /etc/procmailrc and the recipient's
//     ~/.procmailrc and delivers to /var/mail/$u as the recipient. Do not
//     add -m RCFILE to it: -d takes "-m" and RCFILE for two more
//     recipients, delivers to $u's real mailbox all the same, and exits 67
//     (EX_NOUSER, "Unknown user"), as it does for any unknown user, -t or
//     not. Under -d procmail makes the From line itself when the input has
//     none ("From root  DATE" when root runs it) and, given -f, replaces the
//     input's. -t, -Y, -f and -a may come before -m RCFILE as well.
func ProcmailRC(t testing.TB, dir string) string {
	t.Helper()
	if _, err := os.Stat(ProcmailPath); err != nil {
		t.Skipf("procmail is not installed (%s: %v); apt-get install procmail", ProcmailPath, err)
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatalf("ProcmailRC: %v", err)
	}
	if strings.ContainsAny(dir, "'\n") {
		t.Fatalf("ProcmailRC: %q cannot be quoted in an rcfile", dir)
	}
	q := func(name string) string { return "'" + filepath.Join(dir, name) + "'" }
	rc := "# Written by mailcheck.ProcmailRC: everything goes to procmail.mbox.\n" +
		"SHELL=/bin/sh\n" +
		"PATH=/usr/bin:/bin\n" +
		"MAILDIR=" + "'" + dir + "'\n" +
		"DEFAULT=" + q("procmail.mbox") + "\n" +
		"ORGMAIL=" + q("procmail.mbox") + "\n" +
		"LOGFILE=" + q("procmail.log") + "\n"
	path := filepath.Join(dir, "procmailrc")
	if err := os.WriteFile(path, []byte(rc), 0o644); err != nil {
		t.Fatalf("ProcmailRC: %v", err)
	}
	return path
}
