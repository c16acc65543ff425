// Package mailcheck lets tests read what they delivered with real mail
// software: a private Dovecot serves an mbox over IMAP (ReadMboxWithDovecot),
// and procmail can be given a throw-away rcfile (ProcmailRC).
//
// # Dovecot
//
// ReadMboxWithDovecot copies the mbox into a private directory, starts
// `dovecot -F -c CONF` there with its own base_dir, state_dir and log, lets
// it listen on a free loopback port, logs in over IMAP with a small client
// of our own and fetches every message (BODY.PEEK[HEADER], BODY.PEEK[TEXT],
// RFC822.SIZE). Dovecot is stopped before the function returns, and the
// test fails if any of its processes outlives it.
//
// What was learnt running Debian's Dovecot 2.3.19 as root:
//
//   - Dovecot will not give a mailbox to uid 0: a userdb answer with uid
//     0 ends the session ("Invalid settings in userdb: userdb returned 0 as
//     uid", "* BYE Internal error occurred") even with first_valid_uid = 0;
//     we found no setting that allows it (lib-storage permits root only to
//     tools built with its allow-root flag, not to imap). So the mailbox is served
//     as the system user "mail" (or "nobody"): mail_uid, mail_gid, the
//     userdb's uid and gid, and first_valid_uid are set to it, and the
//     copy of the mbox and its home directory are given to it. The
//     directory everything lives in must be searchable by that user and by
//     Dovecot's own users (dovecot, dovenull), hence mode 0755.
//   - The directory is made with os.MkdirTemp, not t.TempDir: test names
//     may put '%' or '$' in a t.TempDir path (Dovecot expands both), such a
//     path can be too long for the UNIX sockets under base_dir (108 bytes),
//     and its parent is mode 0700.
//   - We read a copy because Dovecot writes into an mbox it opens
//     read-write, even with INDEX=MEMORY: on SELECT it added X-IMAPbase and
//     X-UID header fields (padded with spaces) to the file.
//   - Settings: ssl = no (the built-in default is yes, which wants a
//     certificate), disable_plaintext_auth = no, passdb and userdb static,
//     protocols = imap, mail_location =
//     mbox:HOME/mail:INBOX=HOME/inbox:INDEX=MEMORY, an inet_listener on
//     127.0.0.1 and the imaps listener switched off with port = 0.
//   - An mbox that does not begin with a "From " line is refused: SELECT
//     answers "NO [CANNOT] Mailbox isn't a valid mbox file" and the log has
//     "Error: Mailbox INBOX: Syncing INBOX failed: Mailbox isn't a valid
//     mbox file". An empty file is an empty mailbox.
//   - A message starts at every line "From ADDR DATE" with a date Dovecot
//     can parse, whether or not an empty line comes before it; "From bogus"
//     (no date) is a body line. The line end before the next From line
//     belongs to the separator, so a message not followed by an empty line
//     loses its last newline, and one followed by an empty line keeps it.
//   - ">From " lines are given as they are; Dovecot does not unescape them.
//   - Content-Length, Status, X-Status, X-Keywords, X-UID, X-IMAP and
//     X-IMAPbase fields are hidden from the header (Status and X-Status
//     become flags); the rest, 8-bit bytes included, is given unchanged with
//     "\r\n" line ends.
//   - Log lines of the imap process reach the log file through Dovecot's log
//     process, so they can come after the reply; we wait for the
//     "Disconnected" line before reading them.
//   - SIGTERM to the master alone stops everything, but takes about a
//     second (the master waits for its log process); SIGTERM to the whole
//     process group is immediate. A child that outlives the master is
//     reparented and stays a zombie until its new parent reaps it, so we
//     wait for the group's live processes, not for kill(-pgid, 0).
package mailcheck

import (
	"bytes"
	"errors"
	"fmt"
	"net"
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

// DovecotPath is the Dovecot master binary; tests that need it skip when
// it is missing.
const DovecotPath = "/usr/sbin/dovecot"

// Login and password of the only user of a private Dovecot.
const (
	imapUser     = "mailcheck"
	imapPassword = "mailcheck-secret"
)

// onDovecotStart, when set by a test, learns the process group and the
// instance name (which its processes show as "dovecot-NAME/...") of every
// Dovecot once it listens.
var onDovecotStart func(pgid int, instance string)

// ReadMboxWithDovecot reads the mbox file at mboxPath through a private
// Dovecot and returns its messages in order. It skips the test when Dovecot
// is not installed or we are not root (Dovecot must switch to the mail user),
// and fails it, with Dovecot's log, when Dovecot refuses the mailbox, logs
// an error or warning, or the IMAP exchange goes wrong. The file itself is
// not changed: Dovecot gets a copy.
func ReadMboxWithDovecot(t testing.TB, mboxPath string) []Message {
	t.Helper()
	if _, err := os.Stat(DovecotPath); err != nil {
		t.Skipf("Dovecot is not installed (%s: %v); apt-get install dovecot-imapd", DovecotPath, err)
	}
	if os.Geteuid() != 0 {
		t.Skip("ReadMboxWithDovecot needs root: Dovecot must run its mail processes as the user mail")
	}
	data, err := os.ReadFile(mboxPath)
	if err != nil {
		t.Fatalf("ReadMboxWithDovecot: %v", err)
	}
	d := startDovecot(t, data)
	defer d.stop(t)
	msgs, err := d.read()
	log := d.sessionLog()
	if err != nil {
		t.Fatalf("Dovecot reading %s: %v\n%s", mboxPath, err, log)
	}
	if bad := problems(log); bad != "" {
		t.Fatalf("Dovecot reading %s logged:\n%s\n%s", mboxPath, bad, log)
	}
	return msgs
}

// dovecot is one running private Dovecot.
type dovecot struct {
	dir, logPath, outPath string
	port                  int
	cmd                   *exec.Cmd
	done                  chan struct{} // closed when the master has exited
	stopOnce              sync.Once
}

// mailUser is the system account the mailbox is served as.
func mailUser(t testing.TB) (uid, gid int) {
	for _, name := range []string{"mail", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.Atoi(u.Uid)
		gid, err2 := strconv.Atoi(u.Gid)
		if err1 == nil && err2 == nil && uid != 0 {
			return uid, gid
		}
	}
	t.Skip("no user mail or nobody to run Dovecot's mail processes as")
	return 0, 0
}

// privateDir makes a directory for one Dovecot, searchable by every user,
// with a path Dovecot takes literally, removed at the end of the test.
func privateDir(t testing.TB) string {
	t.Helper()
	base := os.TempDir()
	if !plainPath(base) || !searchable(base) {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "mailcheck")
	if err != nil {
		t.Fatalf("ReadMboxWithDovecot: %v", err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatalf("ReadMboxWithDovecot: %v", err)
	}
	if !plainPath(dir) || !searchable(dir) {
		t.Fatalf("ReadMboxWithDovecot: %s cannot be given to Dovecot (characters it expands, or a directory other users cannot search)", dir)
	}
	return dir
}

// plainPath reports whether p holds only characters that need no quoting
// in a Dovecot setting.
func plainPath(p string) bool {
	return strings.Trim(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-") == "" && len(p) < 60
}

// searchable reports whether every directory from / down to p may be
// searched by any user.
func searchable(p string) bool {
	for ; ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm()&0o001 == 0 {
			return false
		}
		if p == "/" || p == "." {
			return true
		}
	}
}

const dovecotConf = `# A private Dovecot for one test (github.com/gosendmail/gosendmail/test/mailcheck).
base_dir = {{dir}}/run
state_dir = {{dir}}/state
instance_name = {{instance}}
log_path = {{dir}}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = mbox:{{dir}}/home/mail:INBOX={{dir}}/home/inbox:INDEX=MEMORY
mail_uid = {{uid}}
mail_gid = {{gid}}
first_valid_uid = {{uid}}
first_valid_gid = 1
passdb {
  driver = static
  args = password={{password}}
}
userdb {
  driver = static
  args = uid={{uid}} gid={{gid}} home={{dir}}/home
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = {{port}}
  }
  inet_listener imaps {
    port = 0
  }
}
`

// startDovecot writes the mailbox and the configuration and starts Dovecot,
// trying another port when the one picked was taken in between.
func startDovecot(t testing.TB, mbox []byte) *dovecot {
	t.Helper()
	uid, gid := mailUser(t)
	dir := privateDir(t)
	home := filepath.Join(dir, "home")
	if err := os.Mkdir(home, 0o700); err != nil {
		t.Fatalf("ReadMboxWithDovecot: %v", err)
	}
	inbox := filepath.Join(home, "inbox")
	if err := os.WriteFile(inbox, mbox, 0o600); err != nil {
		t.Fatalf("ReadMboxWithDovecot: %v", err)
	}
	for _, p := range []string{home, inbox} {
		if err := os.Chown(p, uid, gid); err != nil {
			t.Fatalf("ReadMboxWithDovecot: %v", err)
		}
	}
	var lastErr error
	for attempt := 1; attempt <= 5; attempt++ {
		d := &dovecot{dir: dir, logPath: filepath.Join(dir, "dovecot.log"), outPath: filepath.Join(dir, "dovecot.out")}
		d.port, lastErr = freePort()
		if lastErr != nil {
			break
		}
		instance := fmt.Sprintf("mailcheck-%d", d.port)
		conf := strings.NewReplacer(
			"{{dir}}", dir,
			"{{instance}}", instance,
			"{{uid}}", strconv.Itoa(uid),
			"{{gid}}", strconv.Itoa(gid),
			"{{password}}", imapPassword,
			"{{port}}", strconv.Itoa(d.port),
		).Replace(dovecotConf)
		confPath := filepath.Join(dir, "dovecot.conf")
		if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
			t.Fatalf("ReadMboxWithDovecot: %v", err)
		}
		os.Remove(d.logPath)
		out, err := os.Create(d.outPath)
		if err != nil {
			t.Fatalf("ReadMboxWithDovecot: %v", err)
		}
		d.cmd = exec.Command(DovecotPath, "-F", "-c", confPath)
		d.cmd.Dir = dir
		d.cmd.Stdout, d.cmd.Stderr = out, out
		d.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		err = d.cmd.Start()
		out.Close()
		if err != nil {
			t.Fatalf("ReadMboxWithDovecot: starting %s: %v", DovecotPath, err)
		}
		d.done = make(chan struct{})
		go func() { d.cmd.Wait(); close(d.done) }()
		t.Cleanup(func() { d.stop(t) })
		if lastErr = d.waitListening(); lastErr == nil {
			if onDovecotStart != nil {
				onDovecotStart(d.cmd.Process.Pid, instance)
			}
			return d
		}
		d.stop(t)
		if !strings.Contains(d.fullLog(), "Address already in use") {
			break
		}
	}
	t.Fatalf("ReadMboxWithDovecot: Dovecot did not start: %v\n%s", lastErr, readFile(filepath.Join(dir, "dovecot.out"))+readFile(filepath.Join(dir, "dovecot.log")))
	return nil
}

// freePort finds a loopback TCP port nobody listens on.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// addr is where Dovecot listens.
func (d *dovecot) addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(d.port)) }

// waitListening waits until Dovecot accepts connections on its port.
func (d *dovecot) waitListening() error {
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-d.done:
			return fmt.Errorf("dovecot exited: %v", d.cmd.ProcessState)
		default:
		}
		if c, err := net.DialTimeout("tcp", d.addr(), time.Second); err == nil {
			c.Close()
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return errors.New("nothing listening on " + d.addr() + " after 15s")
}

// read logs in and fetches every message of INBOX.
func (d *dovecot) read() ([]Message, error) {
	conn, err := net.DialTimeout("tcp", d.addr(), 10*time.Second)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	c := newIMAPClient(conn)
	if greet, err := c.greeting(); err != nil {
		return nil, err
	} else if !strings.Contains(greet, "Dovecot") {
		return nil, fmt.Errorf("port %d is not our Dovecot: %q", d.port, greet)
	}
	if _, err := c.command("LOGIN %s %s", quote(imapUser), quote(imapPassword)); err != nil {
		return nil, err
	}
	untagged, err := c.command("SELECT INBOX")
	if err != nil {
		c.command("LOGOUT")
		return nil, err
	}
	exists := -1
	for _, r := range untagged {
		if r.kind == "EXISTS" {
			exists = r.num
		}
	}
	if exists < 0 {
		return nil, errors.New("SELECT INBOX gave no EXISTS count")
	}
	msgs, err := c.fetchMessages(exists)
	if err != nil {
		return nil, err
	}
	if _, err := c.command("LOGOUT"); err != nil {
		return nil, err
	}
	return msgs, nil
}

// sessionLog waits (a few seconds at most) for the imap process to have
// logged its end, then returns the log.
func (d *dovecot) sessionLog() string {
	deadline := time.Now().Add(5 * time.Second)
	for {
		log := readFile(d.logPath)
		for line := range strings.Lines(log) {
			if strings.Contains(line, "imap("+imapUser+")") && strings.Contains(line, "Disconnected") {
				return d.fullLog()
			}
		}
		if time.Now().After(deadline) {
			return d.fullLog()
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// fullLog is what Dovecot printed and logged, for failure messages.
func (d *dovecot) fullLog() string {
	var b bytes.Buffer
	if out := readFile(d.outPath); out != "" {
		fmt.Fprintf(&b, "--- dovecot -F output ---\n%s", out)
	}
	fmt.Fprintf(&b, "--- %s ---\n%s", d.logPath, readFile(d.logPath))
	return b.String()
}

// problems returns the error and warning lines of a log. A line is "DATE
// TIME PREFIX: LEVEL: TEXT"; only the level after the first ": " counts.
func problems(log string) string {
	var bad strings.Builder
	for line := range strings.Lines(log) {
		_, rest, _ := strings.Cut(line, ": ")
		for _, level := range []string{"Warning: ", "Error: ", "Fatal: ", "Panic: "} {
			if strings.HasPrefix(rest, level) {
				bad.WriteString(line)
				break
			}
		}
	}
	return bad.String()
}

func readFile(p string) string {
	b, _ := os.ReadFile(p)
	return string(b)
}

// stop ends Dovecot: SIGTERM to its process group (the master on its own
// takes a second to wind down), then SIGKILL if the master or any child is
// still running after 10 seconds. It fails the test if one survives even
// that.
func (d *dovecot) stop(t testing.TB) {
	d.stopOnce.Do(func() {
		pgid := d.cmd.Process.Pid
		syscall.Kill(-pgid, syscall.SIGTERM)
		if !waitGone(d.done, pgid, 10*time.Second) {
			syscall.Kill(-pgid, syscall.SIGKILL)
			if !waitGone(d.done, pgid, 5*time.Second) {
				t.Errorf("Dovecot is still running after SIGKILL: %q", groupMembers(pgid))
			}
		}
	})
}

// waitGone waits until the master has exited and no process of its
// process group is left running.
func waitGone(done chan struct{}, pgid int, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		select {
		case <-done:
			if len(groupMembers(pgid)) == 0 {
				return true
			}
		default:
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// groupMembers lists the processes of process group pgid that are not
// zombies (a child of the master that outlives it is reparented, and its
// new parent may take a while to reap it), as "PID (NAME)".
func groupMembers(pgid int) []string {
	var found []string
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// PID (COMM) STATE PPID PGRP ...; COMM may hold spaces and ')'.
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) < 3 || f[0] == "Z" || f[0] == "X" || f[2] != strconv.Itoa(pgid) {
			continue
		}
		found = append(found, s[:i+1])
	}
	return found
}
