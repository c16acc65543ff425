package mailcheck

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosendmail/gosendmail/deliver"
)

// The three messages of TestDeliverThenDovecot.
const (
	msgFromLine = "From: Bob <bob@example.org>\n" +
		"To: alice@example.com\n" +
		"Subject: first: a From line in the body\n" +
		"\n" +
		"Hello Alice,\n" +
		"From Bob Mon Dec  1 10:00:00 2025 wrote:\n" +
		">From a line quoted already\n" +
		"bye\n"
	msg8bit = "From: Bob <bob@example.org>\n" +
		"Subject: second: 8-bit\n" +
		"Content-Type: text/plain; charset=utf-8\n" +
		"Content-Transfer-Encoding: 8bit\n" +
		"\n" +
		"Gr\u00fc\u00dfe aus K\u00f6ln, \u65e5\u672c\u8a9e\n" +
		"Latin-1 bytes: \xe9\xe8\xff\n"
	msgNoNewline = "From: Bob <bob@example.org>\n" +
		"Subject: third:\n" +
		"\tno newline at the end\n" +
		"\n" +
		"first line\n" +
		"last line without newline"
)

// TestDeliverThenDovecot delivers three messages with deliver.Mailbox and
// reads them back with Dovecot.
func TestDeliverThenDovecot(t *testing.T) {
	needDovecot(t)
	dir := t.TempDir()
	mb := &deliver.Mailbox{Dir: dir, Lookup: func(name string) (*deliver.Account, error) {
		return &deliver.Account{Name: name, UID: os.Getuid(), GID: os.Getgid(), Home: dir}, nil
	}}
	when := time.Date(2026, 11, 25, 19, 4, 46, 0, time.UTC)
	for _, data := range []string{msgFromLine, msg8bit, msgNoNewline} {
		if st := mb.Deliver("alice", deliver.NewMessage("bob@example.org", when, []byte(data))); !st.OK() {
			t.Fatalf("Deliver: %v", st)
		}
	}
	mbox := mb.Path("alice")
	before, err := os.ReadFile(mbox)
	if err != nil {
		t.Fatal(err)
	}
	// The escaping is deliver's: check it is there, so that the first
	// message below shows what Dovecot makes of it.
	if !bytes.Contains(before, []byte("\n>From Bob Mon Dec  1 10:00:00 2025 wrote:\n")) {
		t.Fatalf("deliver did not escape the From line:\n%s", before)
	}

	msgs := ReadMboxWithDovecot(t, mbox)
	if len(msgs) != 3 {
		t.Fatalf("Dovecot sees %d messages, want 3: %q", len(msgs), subjects(msgs))
	}
	bob := Field{"From", "Bob <bob@example.org>"}
	// Dovecot gives ">From" lines as they are in the file: the escape is
	// not undone, and the line quoted already looks the same.
	checkMessage(t, msgs[0], 1,
		[]Field{bob, {"To", "alice@example.com"}, {"Subject", "first: a From line in the body"}},
		"Hello Alice,\n>From Bob Mon Dec  1 10:00:00 2025 wrote:\n>From a line quoted already\nbye\n")
	// 8-bit bytes, valid UTF-8 or not, come back unchanged.
	checkMessage(t, msgs[1], 2,
		[]Field{bob, {"Subject", "second: 8-bit"}, {"Content-Type", "text/plain; charset=utf-8"}, {"Content-Transfer-Encoding", "8bit"}},
		"Gr\u00fc\u00dfe aus K\u00f6ln, \u65e5\u672c\u8a9e\nLatin-1 bytes: \xe9\xe8\xff\n")
	// deliver ended the last line; the blank line after it is the
	// separator, so the newline stays in the body.
	checkMessage(t, msgs[2], 3,
		[]Field{bob, {"Subject", "third:\tno newline at the end"}},
		"first line\nlast line without newline\n")
	if got := msgs[2].RawHeader; got != "From: Bob <bob@example.org>\nSubject: third:\n\tno newline at the end\n\n" {
		t.Errorf("raw header of message 3: %q", got)
	}

	after, err := os.ReadFile(mbox)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("the mbox changed while Dovecot read it:\n%s", after)
	}
	// deliver can still append: the file is still alice's.
	if st := mb.Deliver("alice", deliver.NewMessage("bob@example.org", when, []byte(msg8bit))); !st.OK() {
		t.Errorf("Deliver after reading: %v", st)
	}
}

// TestDovecotSplitsUnescapedFrom shows why the escaping matters: a body
// line "From ADDR DATE" starts a new message for Dovecot, with or without an
// empty line before it, while ">From ..." and a From line with no date do
// not.
func TestDovecotSplitsUnescapedFrom(t *testing.T) {
	needDovecot(t)
	const from = "From bob@example.org Wed Nov 25 19:04:46 2026\n"
	mbox := writeMbox(t, from+"Subject: one\n\nbody\n\nFrom Bob Mon Dec  1 10:00:00 2025 wrote:\nquoted\n\n"+
		from+"Subject: two\n\nline\nFrom me Tue Dec  2 11:00:00 2025\nFrom nobody, no date\n>From me Tue Dec  2 11:00:00 2025\n\n")
	msgs := ReadMboxWithDovecot(t, mbox)
	if len(msgs) != 4 {
		t.Fatalf("Dovecot sees %d messages, want 4: %q", len(msgs), subjects(msgs))
	}
	checkMessage(t, msgs[0], 1, []Field{{"Subject", "one"}}, "body\n")
	// The header of a message cut off this way is what follows its From
	// line, up to the first empty line.
	checkMessage(t, msgs[1], 2, []Field{{"quoted", ""}}, "")
	// Without an empty line before the next From line, the last newline
	// goes with the separator.
	checkMessage(t, msgs[2], 3, []Field{{"Subject", "two"}}, "line")
	checkMessage(t, msgs[3], 4, []Field{{"From nobody, no date", ""}, {">From me Tue Dec  2 11:00:00 2025", ""}}, "")
}

// TestDovecotHidesMboxFields records which header fields Dovecot keeps to
// itself.
func TestDovecotHidesMboxFields(t *testing.T) {
	needDovecot(t)
	mbox := writeMbox(t, "From bob@example.org Wed Nov 25 19:04:46 2026\n"+
		"Subject: s\nStatus: RO\nX-Status: A\nX-Keywords: k\nX-UID: 7\nContent-Length: 5\nX-Other: kept\n\nbody\n\n")
	msgs := ReadMboxWithDovecot(t, mbox)
	if len(msgs) != 1 {
		t.Fatalf("Dovecot sees %d messages, want 1", len(msgs))
	}
	checkMessage(t, msgs[0], 1, []Field{{"Subject", "s"}, {"X-Other", "kept"}}, "body\n")
}

func TestDovecotEmptyMbox(t *testing.T) {
	needDovecot(t)
	if msgs := ReadMboxWithDovecot(t, writeMbox(t, "")); len(msgs) != 0 {
		t.Errorf("an empty file gives %d messages", len(msgs))
	}
}

// TestDovecotRefusesCorruptMbox checks that a file that is not an mbox
// fails the test, with Dovecot's own words from its log.
func TestDovecotRefusesCorruptMbox(t *testing.T) {
	needDovecot(t)
	mbox := writeMbox(t, "Subject: no From line\n\nbody\n\n")
	msg := mustFatal(t, func(tb testing.TB) { ReadMboxWithDovecot(tb, mbox) })
	for _, want := range []string{
		"SELECT: server said NO [CANNOT] Mailbox isn't a valid mbox file",
		"Error: Mailbox INBOX: Syncing INBOX failed: Mailbox isn't a valid mbox file",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("failure message lacks %q:\n%s", want, msg)
		}
	}
}

func TestDovecotMissingMbox(t *testing.T) {
	needDovecot(t)
	missing := filepath.Join(t.TempDir(), "nothing")
	msg := mustFatal(t, func(tb testing.TB) { ReadMboxWithDovecot(tb, missing) })
	if !strings.Contains(msg, "no such file") {
		t.Errorf("failure message: %s", msg)
	}
}

// TestDovecotLeavesNoProcess checks that every process of a Dovecot is gone
// when ReadMboxWithDovecot returns, whether it succeeded or failed.
func TestDovecotLeavesNoProcess(t *testing.T) {
	needDovecot(t)
	type started struct {
		pgid     int
		instance string
		running  []string
	}
	var all []started
	onDovecotStart = func(pgid int, instance string) {
		// The master forks its children once it listens: give them a moment.
		s := started{pgid: pgid, instance: instance}
		for i := 0; i < 100 && len(s.running) == 0; i++ {
			s.running = processesNamed("dovecot-" + instance + "/")
			time.Sleep(10 * time.Millisecond)
		}
		if len(groupMembers(pgid)) < 2 {
			t.Errorf("groupMembers(%d) does not find the master and its children: %q", pgid, groupMembers(pgid))
		}
		all = append(all, s)
	}
	defer func() { onDovecotStart = nil }()

	ReadMboxWithDovecot(t, writeMbox(t, "From a Wed Nov 25 19:04:46 2026\nSubject: x\n\nbody\n\n"))
	mustFatal(t, func(tb testing.TB) { ReadMboxWithDovecot(tb, writeMbox(t, "garbage\n")) })
	if len(all) != 2 {
		t.Fatalf("%d Dovecots started, want 2", len(all))
	}
	for _, s := range all {
		if len(s.running) == 0 {
			t.Errorf("no process of %s found while it ran", s.instance)
		}
		if left := groupMembers(s.pgid); len(left) > 0 {
			t.Errorf("processes of %s still running: %q", s.instance, left)
		}
		if left := processesNamed("dovecot-" + s.instance + "/"); len(left) > 0 {
			t.Errorf("processes of %s still there: %q", s.instance, left)
		}
	}
}

// processesNamed lists the command lines in /proc that begin with prefix.
func processesNamed(prefix string) []string {
	var found []string
	cmdlines, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range cmdlines {
		b, err := os.ReadFile(p)
		if err == nil && strings.HasPrefix(string(b), prefix) {
			found = append(found, fmt.Sprintf("%s: %s", filepath.Base(filepath.Dir(p)), b))
		}
	}
	return found
}

func TestProblems(t *testing.T) {
	log := "Dec 01 17:03:15 master: Info: Dovecot v2.3.19.1 starting up for imap\n" +
		"Dec 01 17:03:16 imap(mailcheck)<1><s>: Error: Mailbox INBOX: Syncing INBOX failed\n" +
		"Dec 01 17:03:16 imap(mailcheck)<1><s>: Info: Subject: Warning: not a warning\n" +
		"Dec 01 17:03:16 imap(mailcheck)<1><s>: Warning: mbox file was modified\n" +
		"Dec 01 17:03:17 master: Fatal: bind(127.0.0.1, 1) failed\n"
	want := "Dec 01 17:03:16 imap(mailcheck)<1><s>: Error: Mailbox INBOX: Syncing INBOX failed\n" +
		"Dec 01 17:03:16 imap(mailcheck)<1><s>: Warning: mbox file was modified\n" +
		"Dec 01 17:03:17 master: Fatal: bind(127.0.0.1, 1) failed\n"
	if got := problems(log); got != want {
		t.Errorf("problems:\n got %q\nwant %q", got, want)
	}
}
