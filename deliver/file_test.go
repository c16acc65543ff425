package deliver

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestFileDelivery(t *testing.T) {
	dir := t.TempDir()
	fd := &File{}
	path := filepath.Join(dir, "log")
	for i := 0; i < 2; i++ {
		if st := fd.Deliver(path, msg("From x\n")); !st.OK() {
			t.Fatal(st)
		}
	}
	b, _ := os.ReadFile(path)
	one := "From sender@example.org Wed Nov 25 19:04:46 2026\nSubject: t\n\n>From x\n\n"
	if string(b) != one+one {
		t.Errorf("file %q", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0600 {
		t.Errorf("mode %v", fi.Mode())
	}
	if st := fd.Deliver("/dev/null", msg("x\n")); !st.OK() {
		t.Error("/dev/null:", st)
	}
}

// TestFileRefusals: what sendmail will not write to is refused with its
// "550 5.0.0 /path... Can't create output", leaving the target alone.
func TestFileRefusals(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	must(t, os.WriteFile(victim, []byte("precious\n"), 0600))
	link := filepath.Join(dir, "link")
	must(t, os.Symlink(victim, link))
	hard := filepath.Join(dir, "hard")
	must(t, os.Link(victim, hard))
	exe := filepath.Join(dir, "exe")
	must(t, os.WriteFile(exe, []byte("#!/bin/sh\n"), 0700))
	for _, p := range []string{link, hard, exe, dir, "relative/path", filepath.Join(dir, "no/such/dir/f")} {
		st := (&File{}).Deliver(p, msg("x\n"))
		wantStatus(t, st, PermFail, 550, "5.0.0")
		if got, want := st.Line(p), "550 5.0.0 "+p+"... Can't create output"; got != want {
			t.Errorf("line %q, want %q", got, want)
		}
		if st.Output == "" {
			t.Errorf("%s: no reason kept", p)
		}
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious\n" {
		t.Errorf("victim changed: %q", b)
	}
	if b, _ := os.ReadFile(exe); string(b) != "#!/bin/sh\n" {
		t.Errorf("executable changed: %q", b)
	}
}

// TestSafeFileEnvironment: files are written inside the directory, its
// own prefix is stripped, and nothing leads out of it.
func TestSafeFileEnvironment(t *testing.T) {
	safe := t.TempDir()
	outside := t.TempDir()
	must(t, os.Mkdir(filepath.Join(safe, "logs"), 0755))
	must(t, os.Symlink(outside, filepath.Join(safe, "out")))
	must(t, os.WriteFile(filepath.Join(outside, "f"), nil, 0600))
	fd := &File{SafeFileEnvironment: safe + "/"}
	for _, p := range []string{"/logs/f", safe + "/logs/f"} {
		if st := fd.Deliver(p, msg("x\n")); !st.OK() {
			t.Fatalf("%s: %v", p, st)
		}
	}
	b, _ := os.ReadFile(filepath.Join(safe, "logs/f"))
	if n := strings.Count(string(b), "From sender@"); n != 2 {
		t.Errorf("%d messages in the safe file, want 2", n)
	}
	for _, p := range []string{"/out/f", safe} {
		st := fd.Deliver(p, msg("x\n"))
		if st.Kind != PermFail {
			t.Errorf("%s: %+v", p, st)
		}
	}
	// As under chroot(2), ".." at the top stays at the top.
	for _, p := range []string{"/logs/../../f", "/../f"} {
		if st := fd.Deliver(p, msg("x\n")); !st.OK() {
			t.Errorf("%s: %v", p, st)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(safe, "f")); strings.Count(string(b), "From sender@") != 2 {
		t.Errorf("safe/f: %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(outside, "f")); len(b) != 0 {
		t.Errorf("wrote outside SafeFileEnvironment: %q", b)
	}
	if st := fd.Deliver("/dev/null", msg("x\n")); !st.OK() {
		t.Errorf("/dev/null: %v", st)
	}
}

// TestFileWriteError: a failed write is a temporary I/O error and the
// file is cut back.
func TestFileWriteError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	must(t, os.WriteFile(path, []byte("old\n"), 0600))
	f := &File{}
	f.wrap = func(w io.Writer) io.Writer { return &failAfter{w: w, n: 10} }
	st := f.Deliver(path, msg("hello\n"))
	wantStatus(t, st, TempFail, 451, "4.0.0")
	if b, _ := os.ReadFile(path); string(b) != "old\n" {
		t.Errorf("file %q", b)
	}
}

// TestAgainstMailLocal delivers the golden messages that Debian's
// mail.local treats like we do (no "From " line to escape, ending in a
// newline) with both, and compares the mailboxes, less the
// Content-Length: header mail.local adds.
func TestAgainstMailLocal(t *testing.T) {
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
	acct, err := LookupAccount("nobody")
	if err != nil {
		t.Skipf("no user nobody: %v", err)
	}
	theirs := t.TempDir()
	must(t, os.Chmod(theirs, 01777))
	ours := &Mailbox{Dir: t.TempDir()}
	ran := 0
	for _, c := range goldenCases(t) {
		if bytes.Contains(c.in, []byte("\nFrom ")) || !bytes.HasSuffix(c.in, []byte("\n")) {
			continue
		}
		cmd := exec.Command("unshare", "-m", "sh", "-c",
			`mount --bind "$1" /var/mail && exec `+ml+` -f "$2" nobody`, "sh", theirs, c.sender)
		cmd.Stdin = bytes.NewReader(c.in)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: mail.local: %v\n%s", c.name, err, out)
		}
		// Use mail.local's date for our From line.
		b, _ := os.ReadFile(filepath.Join(theirs, "nobody"))
		dates := regexp.MustCompile(`(?m)^From [^\n]* ([A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4})$`).FindAllSubmatch(b, -1)
		d, err := time.ParseInLocation(ctimeLayout, string(dates[len(dates)-1][1]), time.Local)
		if err != nil {
			t.Fatal(err)
		}
		if st := ours.Deliver("nobody", NewMessage(c.sender, d, c.in)); !st.OK() {
			t.Fatal(st)
		}
		ran++
	}
	if ran == 0 {
		t.Fatal("no golden case suits mail.local")
	}
	want, _ := os.ReadFile(filepath.Join(theirs, "nobody"))
	want = regexp.MustCompile(`(?m)^Content-Length: \d+\n`).ReplaceAll(want, nil)
	got, _ := os.ReadFile(ours.Path("nobody"))
	if !bytes.Equal(got, want) {
		t.Errorf("mailboxes differ\n ours: %q\nmail.local: %q", clip(got), clip(want))
	}
	for _, p := range []string{filepath.Join(theirs, "nobody"), ours.Path("nobody")} {
		fi, _ := os.Stat(p)
		s := fi.Sys().(*syscall.Stat_t)
		if int(s.Uid) != acct.UID || fi.Mode().Perm() != 0600 {
			t.Errorf("%s: %v uid %d", p, fi.Mode(), s.Uid)
		}
	}
	t.Logf("%d messages compared with mail.local", ran)
}
