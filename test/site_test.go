package test

import (
	"bytes"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The end-to-end tests of submission and delivery run the built
// commands on a site whose every directory (queue, mailboxes, aliases)
// is under a temporary directory, with a .cf compiled by our mc2cf.

var (
	binOnce sync.Once
	binDir  string
	binErr  error
	binOut  []byte
)

// bins builds sendmail and mc2cf once for the whole test binary.
func bins(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "gosendmail-bin-")
		if binErr != nil {
			return
		}
		for _, c := range []string{"sendmail", "mc2cf", "makemap"} {
			cmd := exec.Command("go", "build", "-o", filepath.Join(binDir, c), "../cmd/"+c)
			if binOut, binErr = cmd.CombinedOutput(); binErr != nil {
				return
			}
		}
	})
	if binErr != nil {
		t.Fatalf("go build: %v\n%s", binErr, binOut)
	}
	return binDir
}

type site struct {
	dir, cf, mail, queue string
	bin                  string
}

// siteMC is the test site: mail.local as the local mailer (delivered
// by our built-in mbox code), mailboxes in DIR/mail.
const siteMC = "OSTYPE(`debian')dnl\n" +
	"define(`QUEUE_DIR', `@DIR@/queue')dnl\n" +
	"define(`ALIAS_FILE', `@DIR@/aliases')dnl\n" +
	"define(`confHOST_STATUS_DIRECTORY', `@DIR@/hoststat')dnl\n" +
	"define(`confDONT_PROBE_INTERFACES', `True')dnl\n" +
	"define(`confDOMAIN_NAME', `mx.example.com')dnl\n" +
	"define(`LOCAL_MAILER_PATH', `/usr/libexec/sendmail/mail.local')dnl\n" +
	"define(`LOCAL_MAILER_ARGS', `mail.local -l -d $u')dnl\n" +
	"@EXTRA@" +
	"MAILER(`local')dnl\n" +
	"MAILER(`smtp')dnl\n" +
	"LOCAL_CONFIG\n" +
	"@LOCAL@"

const siteAliases = `postmaster: root
alice: root
bob: root
carol: @DIR@/carol.mbox
team: alice, carol
slow: "|exit 75"
`

// newSite makes a site; extra goes into the .mc before the mailers,
// local into LOCAL_CONFIG (by default, O MailboxDirectory=DIR/mail).
func newSite(t *testing.T, extra, local string) *site {
	t.Helper()
	bin := bins(t)
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	s := &site{dir: dir, cf: filepath.Join(dir, "site.cf"), mail: filepath.Join(dir, "mail"),
		queue: filepath.Join(dir, "queue"), bin: bin}
	for _, d := range []string{s.mail, s.queue, filepath.Join(dir, "hoststat")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.Chmod(s.queue, 0o700)
	if local == "" {
		local = "O MailboxDirectory=" + s.mail + "\n"
	}
	extra = strings.ReplaceAll(extra, "@DIR@", dir)
	local = strings.ReplaceAll(local, "@DIR@", dir)
	r := strings.NewReplacer("@DIR@", dir, "@EXTRA@", extra, "@LOCAL@", local)
	mc := filepath.Join(dir, "site.mc")
	write(t, mc, r.Replace(siteMC))
	write(t, filepath.Join(dir, "aliases"), r.Replace(siteAliases))
	out, err := exec.Command(filepath.Join(bin, "mc2cf"), mc).Output()
	if err != nil {
		t.Fatalf("mc2cf: %v", err)
	}
	write(t, s.cf, string(out))
	// carol's file is written as the .cf's DefaultUser (mail), as
	// sendmail writes the files an alias names: it must be that user's
	carol := filepath.Join(dir, "carol.mbox")
	write(t, carol, "")
	os.Chmod(carol, 0o600)
	if u, err := user.Lookup("mail"); err == nil && os.Geteuid() == 0 {
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		os.Chown(carol, uid, gid)
	}
	if o, err := exec.Command(filepath.Join(bin, "sendmail"), "-C", s.cf, "-bi").CombinedOutput(); err != nil {
		t.Fatalf("newaliases: %v\n%s", err, o)
	}
	return s
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sendmail runs our sendmail on the site's .cf.
func (s *site) sendmail(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(filepath.Join(s.bin, "sendmail"), append([]string{"-C", s.cf}, args...)...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), "HOME="+s.dir)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return so.String(), se.String(), code
}

// mbox splits a mailbox into its messages (without their From lines).
func mbox(b []byte) []string {
	var msgs []string
	for _, part := range bytes.Split(b, []byte("\nFrom ")) {
		if len(part) == 0 {
			continue
		}
		if i := bytes.IndexByte(part, '\n'); i >= 0 {
			msgs = append(msgs, string(part[i+1:]))
		}
	}
	return msgs
}

// waitMessages waits (background delivery) until the mailbox file holds
// n messages, and returns them.
func waitMessages(t *testing.T, path string, n int) []string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, _ := os.ReadFile(path)
		msgs := mbox(b)
		if len(msgs) >= n {
			if len(msgs) > n {
				t.Errorf("%s: %d messages, want %d", path, len(msgs), n)
			}
			return msgs
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d messages after 20 s, want %d", path, len(msgs), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// header returns the value of the first field of that name, and whether
// there is one.
func header(msg, name string) (string, bool) {
	head, _, _ := strings.Cut(msg, "\n\n")
	var val []string
	found := false
	for _, l := range strings.Split(head, "\n") {
		if found && (strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")) {
			val = append(val, l)
			continue
		}
		if found {
			break
		}
		if n, v, ok := strings.Cut(l, ":"); ok && strings.EqualFold(n, name) {
			found = true
			val = append(val, strings.TrimLeft(v, " "))
		}
	}
	return strings.Join(val, "\n"), found
}

func body(msg string) string {
	_, b, _ := strings.Cut(msg, "\n\n")
	return b
}
