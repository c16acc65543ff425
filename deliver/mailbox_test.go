package deliver

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const testUser = "testuser"

func me(t *testing.T) string { return testUser }

// testMailbox delivers into a temporary directory; testuser is the
// current uid and gid.
func testMailbox(t *testing.T) *Mailbox {
	t.Helper()
	return &Mailbox{
		Dir:         t.TempDir(),
		LockTimeout: 10 * time.Second,
		Lookup: func(name string) (*Account, error) {
			if name != testUser {
				return nil, user.UnknownUserError(name)
			}
			return &Account{Name: name, UID: os.Geteuid(), GID: os.Getegid()}, nil
		},
	}
}

var testDate = time.Date(2026, 11, 25, 19, 4, 46, 0, time.UTC)

func msg(body string) *Message {
	return NewMessage("sender@example.org", testDate, []byte("Subject: t\n\n"+body))
}

func wantStatus(t *testing.T, st *Status, kind Kind, code int, enh string) {
	t.Helper()
	if st == nil || st.Kind != kind || st.Code != code || st.Enhanced != enh {
		t.Fatalf("status %+v, want %v %d %s", st, kind, code, enh)
	}
}

func TestMailboxCreated(t *testing.T) {
	mb := testMailbox(t)
	if st := mb.Deliver(testUser, msg("hi\n")); !st.OK() {
		t.Fatal(st)
	}
	fi, err := os.Stat(mb.Path(testUser))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0600 {
		t.Errorf("mode %v, want 0600", fi.Mode())
	}
	if uid := int(fi.Sys().(*syscall.Stat_t).Uid); uid != os.Geteuid() {
		t.Errorf("owner %d, want %d", uid, os.Geteuid())
	}
	if _, err := os.Lstat(mb.Path(testUser) + ".lock"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("dot lock left behind: %v", err)
	}
}

// TestMailboxOwnedByUser: as root, a new mailbox belongs to its user.
func TestMailboxOwnedByUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a mailbox to another user needs root")
	}
	acct, err := LookupAccount("nobody")
	if err != nil {
		t.Skipf("no user nobody: %v", err)
	}
	mb := &Mailbox{Dir: t.TempDir()}
	if st := mb.Deliver("nobody", msg("hi\n")); !st.OK() {
		t.Fatal(st)
	}
	fi, _ := os.Stat(mb.Path("nobody"))
	s := fi.Sys().(*syscall.Stat_t)
	if int(s.Uid) != acct.UID || int(s.Gid) != acct.GID || fi.Mode().Perm() != 0600 {
		t.Errorf("mailbox %v %d:%d, want 0600 %d:%d", fi.Mode(), s.Uid, s.Gid, acct.UID, acct.GID)
	}
	// A mailbox of someone else's is refused.
	os.Chown(mb.Path("nobody"), 0, 0)
	st := mb.Deliver("nobody", msg("again\n"))
	wantStatus(t, st, TempFail, 450, "4.2.0")
	if !strings.Contains(st.Text, "wrong ownership") {
		t.Errorf("text %q", st.Text)
	}
}

func TestMailboxUnknownUser(t *testing.T) {
	mb := testMailbox(t)
	wantStatus(t, mb.Deliver("nosuchuser", msg("x\n")), PermFail, 550, "5.1.1")
	for _, bad := range []string{"", "..", "a/b"} {
		wantStatus(t, mb.Deliver(bad, msg("x\n")), PermFail, 550, "5.1.3")
	}
}

// TestMailboxRefusals: symbolic links, hard links and non-files are not
// written to, and what they point at is left alone.
func TestMailboxRefusals(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, path, other string)
		why   string
	}{
		{"symlink", func(t *testing.T, path, other string) { must(t, os.Symlink(other, path)) }, "symbolic link"},
		{"dangling symlink", func(t *testing.T, path, other string) {
			must(t, os.Remove(other))
			must(t, os.Symlink(other, path))
		}, "symbolic link"},
		{"hard link", func(t *testing.T, path, other string) { must(t, os.Link(other, path)) }, "too many links"},
		{"directory", func(t *testing.T, path, other string) { must(t, os.Mkdir(path, 0700)) }, "irregular file"},
		{"fifo", func(t *testing.T, path, other string) { must(t, syscall.Mkfifo(path, 0600)) }, "irregular file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mb := testMailbox(t)
			other := filepath.Join(t.TempDir(), "victim")
			must(t, os.WriteFile(other, []byte("precious\n"), 0600))
			c.setup(t, mb.Path(testUser), other)
			st := mb.Deliver(testUser, msg("x\n"))
			wantStatus(t, st, TempFail, 450, "4.2.0")
			if !strings.Contains(st.Text, c.why) {
				t.Errorf("text %q, want %q", st.Text, c.why)
			}
			if b, err := os.ReadFile(other); err == nil && string(b) != "precious\n" {
				t.Errorf("victim changed: %q", b)
			} else if errors.Is(err, os.ErrNotExist) && c.name != "dangling symlink" {
				t.Errorf("victim gone")
			}
			if c.name == "dangling symlink" {
				if _, err := os.Stat(other); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("symlink target was created")
				}
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// failAfter passes n bytes through, then fails every write.
type failAfter struct {
	w io.Writer
	n int
}

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		m, _ := f.w.Write(p[:f.n])
		f.n = 0
		return m, errors.New("simulated I/O error")
	}
	f.n -= len(p)
	return f.w.Write(p)
}

// TestTruncateBack: a write that fails midway leaves the mailbox as it was.
func TestTruncateBack(t *testing.T) {
	mb := testMailbox(t)
	if st := mb.Deliver(testUser, msg("first\n")); !st.OK() {
		t.Fatal(st)
	}
	before, _ := os.ReadFile(mb.Path(testUser))
	for _, n := range []int{0, 1, 30, 5000} {
		mb.wrap = func(w io.Writer) io.Writer { return &failAfter{w: w, n: n} }
		st := mb.Deliver(testUser, msg(strings.Repeat("partial line\n", 1000)))
		wantStatus(t, st, TempFail, 450, "4.2.0")
		if !strings.Contains(st.Text, "simulated I/O error") {
			t.Errorf("text %q", st.Text)
		}
		after, _ := os.ReadFile(mb.Path(testUser))
		if !bytes.Equal(before, after) {
			t.Fatalf("after failing at byte %d the mailbox is %d bytes, was %d", n, len(after), len(before))
		}
	}
	mb.wrap = nil
	if st := mb.Deliver(testUser, msg("last\n")); !st.OK() {
		t.Fatal(st)
	}
}

// TestSizeLimit: MaxSize bounds the whole mailbox; a message that does not
// fit is refused permanently with 5.2.2 and leaves no trace.
func TestSizeLimit(t *testing.T) {
	mb := testMailbox(t)
	one := msg("0123456789\n")
	var b bytes.Buffer
	WriteMessage(&b, MboxFormat(one.Sender, one.Time), one.reader())
	size := int64(b.Len())
	mb.MaxSize = 2*size + size/2
	for i := 0; i < 2; i++ {
		if st := mb.Deliver(testUser, one); !st.OK() {
			t.Fatalf("message %d: %v", i+1, st)
		}
	}
	st := mb.Deliver(testUser, one)
	wantStatus(t, st, PermFail, 552, "5.2.2")
	if got := st.Line("<u@h>"); got != "552 5.2.2 <u@h>... Mailbox full" {
		t.Errorf("line %q", got)
	}
	fi, _ := os.Stat(mb.Path(testUser))
	if fi.Size() != 2*size {
		t.Errorf("mailbox is %d bytes, want %d", fi.Size(), 2*size)
	}
	// Exactly full is allowed; already full refuses at once.
	mb.MaxSize = 3 * size
	if st := mb.Deliver(testUser, one); !st.OK() {
		t.Fatal(st)
	}
	wantStatus(t, mb.Deliver(testUser, one), PermFail, 552, "5.2.2")
}

// TestConcurrentDeliveries: deliveries to one mailbox at once, from
// goroutines and from another process, never mix their lines.
func TestConcurrentDeliveries(t *testing.T) {
	for _, noDot := range []bool{false, true} {
		t.Run(fmt.Sprintf("NoDotLock=%v", noDot), func(t *testing.T) {
			mb := testMailbox(t)
			mb.NoDotLock = noDot
			const workers, each = 4, 10
			var wg sync.WaitGroup
			for w := 0; w < workers; w++ {
				wg.Add(1)
				go func(w int) {
					defer wg.Done()
					for i := 0; i < each; i++ {
						tag := fmt.Sprintf("w%d-m%d", w, i)
						body := strings.Repeat(tag+" "+strings.Repeat("x", 200)+"\n", 300)
						if st := mb.Deliver(testUser, msg(body)); !st.OK() {
							t.Error(st)
						}
					}
				}(w)
			}
			wg.Wait()
			checkMailbox(t, mb.Path(testUser), workers*each)
		})
	}
}

// checkMailbox parses an mbox written by msg() bodies from
// TestConcurrentDeliveries and checks that each message is whole.
func checkMailbox(t *testing.T, path string, want int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	msgs := strings.Split(string(b), "\n\nFrom ")
	if len(msgs) != want {
		t.Fatalf("%d messages, want %d", len(msgs), want)
	}
	seen := map[string]bool{}
	for i, m := range msgs {
		_, body, found := strings.Cut(m, "\n\n") // mail.local adds a header
		if !found {
			t.Fatalf("message %d has no header: %.80q", i, m)
		}
		lines := strings.Split(strings.TrimRight(body, "\n"), "\n")
		tag, _, _ := strings.Cut(lines[0], " ")
		for _, l := range lines {
			if !strings.HasPrefix(l, tag+" ") {
				t.Fatalf("message %s has a foreign line %.40q", tag, l)
			}
		}
		if len(lines) != 300 || seen[tag] {
			t.Fatalf("message %s: %d lines, seen before %v", tag, len(lines), seen[tag])
		}
		seen[tag] = true
	}
}

func deadPid(t *testing.T) int {
	cmd := exec.Command("/bin/true")
	if err := cmd.Run(); err != nil {
		t.Skipf("cannot run /bin/true: %v", err)
	}
	return cmd.Process.Pid
}

func TestStaleDotLock(t *testing.T) {
	t.Run("dead process", func(t *testing.T) {
		mb := testMailbox(t)
		lock := mb.Path(testUser) + ".lock"
		must(t, os.WriteFile(lock, []byte(strconv.Itoa(deadPid(t))+"\n"), 0644))
		if st := mb.Deliver(testUser, msg("x\n")); !st.OK() {
			t.Fatal(st)
		}
	})
	t.Run("old", func(t *testing.T) {
		mb := testMailbox(t)
		lock := mb.Path(testUser) + ".lock"
		must(t, os.WriteFile(lock, []byte(strconv.Itoa(os.Getpid())+"\n"), 0644))
		old := time.Now().Add(-10 * time.Minute)
		must(t, os.Chtimes(lock, old, old))
		if st := mb.Deliver(testUser, msg("x\n")); !st.OK() {
			t.Fatal(st)
		}
	})
	t.Run("held", func(t *testing.T) {
		mb := testMailbox(t)
		mb.LockTimeout = 300 * time.Millisecond
		lock := mb.Path(testUser) + ".lock"
		must(t, os.WriteFile(lock, []byte(strconv.Itoa(os.Getpid())+"\n"), 0644))
		st := mb.Deliver(testUser, msg("x\n"))
		wantStatus(t, st, TempFail, 450, "4.2.0")
		if _, err := os.Stat(lock); err != nil {
			t.Errorf("someone else's live lock was removed")
		}
		if _, err := os.Stat(mb.Path(testUser)); err == nil {
			t.Errorf("mailbox written without the lock")
		}
	})
}

// TestFcntlLockHeld: a reader holding an fcntl lock (as a mail reader
// does) makes delivery wait, then fail temporarily.
func TestFcntlLockHeld(t *testing.T) {
	mb := testMailbox(t)
	mb.LockTimeout = 300 * time.Millisecond
	if st := mb.Deliver(testUser, msg("x\n")); !st.OK() {
		t.Fatal(st)
	}
	f, err := os.OpenFile(mb.Path(testUser), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	must(t, lockFile(f, time.Second))
	st := mb.Deliver(testUser, msg("y\n"))
	wantStatus(t, st, TempFail, 450, "4.2.0")
	f.Close()
	if st := mb.Deliver(testUser, msg("z\n")); !st.OK() {
		t.Fatal(st)
	}
}

// TestHelperDeliver is not a test: TestConcurrentProcesses runs the test
// binary with DELIVER_HELPER_DIR set to deliver from another process.
func TestHelperDeliver(t *testing.T) {
	dir := os.Getenv("DELIVER_HELPER_DIR")
	if dir == "" {
		t.Skip("helper process for TestConcurrentProcesses")
	}
	mb := testMailbox(t)
	mb.Dir = dir
	for i := 0; i < 10; i++ {
		tag := fmt.Sprintf("p%d-m%d", os.Getpid(), i)
		if st := mb.Deliver(testUser, msg(strings.Repeat(tag+" "+strings.Repeat("z", 200)+"\n", 300))); !st.OK() {
			t.Fatal(st)
		}
	}
}

// TestConcurrentProcesses: two processes delivering at once, and
// Debian's mail.local delivering beside us (its dot lock and lockf lock
// against ours), never mix messages.
func TestConcurrentProcesses(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperDeliver$")
			cmd.Env = append(os.Environ(), "DELIVER_HELPER_DIR="+dir)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("helper: %v\n%s", err, out)
			}
		}()
	}
	wg.Wait()
	checkMailbox(t, filepath.Join(dir, testUser), 20)
}

func TestConcurrentWithMailLocal(t *testing.T) {
	const ml = "/usr/libexec/sendmail/mail.local"
	if _, err := os.Stat(ml); err != nil {
		t.Skip("Debian's mail.local is not installed (package sendmail-bin)")
	}
	if os.Geteuid() != 0 {
		t.Skip("mail.local writes only into /var/mail; redirecting that needs root")
	}
	if err := exec.Command("unshare", "-m", "true").Run(); err != nil {
		t.Skipf("no mount namespace to point /var/mail elsewhere: %v", err)
	}
	if _, err := LookupAccount("nobody"); err != nil {
		t.Skipf("no user nobody: %v", err)
	}
	dir := t.TempDir()
	must(t, os.Chmod(dir, 01777))
	mb := &Mailbox{Dir: dir}
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(2)
		tag := fmt.Sprintf("ours-%d", i)
		go func() {
			defer wg.Done()
			if st := mb.Deliver("nobody", msg(strings.Repeat(tag+" "+strings.Repeat("o", 200)+"\n", 300))); !st.OK() {
				t.Error(st)
			}
		}()
		theirs := fmt.Sprintf("theirs-%d", i)
		go func() {
			defer wg.Done()
			cmd := exec.Command("unshare", "-m", "sh", "-c",
				`mount --bind "$1" /var/mail && exec `+ml+` -f sender@example.org nobody`, "sh", dir)
			cmd.Stdin = strings.NewReader("Subject: t\n\n" + strings.Repeat(theirs+" "+strings.Repeat("t", 200)+"\n", 300))
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("mail.local: %v\n%s", err, out)
			}
		}()
	}
	wg.Wait()
	checkMailbox(t, mb.Path("nobody"), 20)
}

// A process killed while it appended leaves its lock and part of a
// message; the next delivery cuts the mailbox back to where that append
// began.
func TestStaleLockPartialCutBack(t *testing.T) {
	dir := t.TempDir()
	me, err := LookupAccount(currentUserName(t))
	if err != nil {
		t.Skip(err)
	}
	mb := &Mailbox{Dir: dir, Lookup: func(string) (*Account, error) { return me, nil }}
	if st := mb.Deliver("u", NewMessage("a@example.com", time.Unix(0, 0), []byte("Subject: one\n\nfirst\n"))); !st.OK() {
		t.Fatal(st)
	}
	path := mb.Path("u")
	good, _ := os.ReadFile(path)
	// a dead process's lock and half a message
	if err := os.WriteFile(path+".lock", []byte(fmt.Sprintf("999999999\nsize %d\n", len(good))), 0o644); err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString("From b@example.com Thu Jan  1 00:00:00 1970\nSubject: tw")
	f.Close()
	if st := mb.Deliver("u", NewMessage("c@example.com", time.Unix(0, 0), []byte("Subject: three\n\nthird\n"))); !st.OK() {
		t.Fatal(st)
	}
	got, _ := os.ReadFile(path)
	if !bytes.HasPrefix(got, good) || bytes.Contains(got, []byte("Subject: tw")) || !bytes.Contains(got, []byte("Subject: three")) {
		t.Errorf("mailbox after recovery:\n%s", got)
	}
}

func currentUserName(t *testing.T) string {
	u, err := user.Current()
	if err != nil {
		t.Skip(err)
	}
	return u.Username
}
