package queue

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	refSendmail = "/usr/libexec/sendmail/sendmail"
	refCFDir    = "/usr/share/sendmail/cf"
	gnuM4       = "/usr/bin/m4"
)

// needReference skips unless the reference sendmail can be run: it must
// be installed with its cf tree and GNU m4 (to build a .cf at test time),
// and run as root in a UTS namespace of its own, named mx.example.com
// (it sleeps a minute on a host name without a dot).
func needReference(t *testing.T) {
	t.Helper()
	for _, p := range []string{refSendmail, refCFDir + "/m4/cf.m4", gnuM4} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("reference not installed: no %s (apt-get install sendmail-bin sendmail-cf m4)", p)
		}
	}
	if os.Geteuid() != 0 {
		t.Skip("the reference sendmail queues only when run as root here")
	}
	if err := exec.Command("unshare", "-u", "true").Run(); err != nil {
		t.Skip("unshare -u not permitted: the reference would sleep a minute on this host name")
	}
}

// refEnv is a queue directory and a .cf, built from sendmail's cf tree
// now (never committed), whose QueueDirectory is it.
type refEnv struct {
	t    *testing.T
	dir  string // test's temporary directory
	qdir string // QueueDirectory
	cf   string
}

func newRefEnv(t *testing.T, subdirs ...string) *refEnv {
	needReference(t)
	syscall.Umask(0o022)
	dir := t.TempDir()
	qdir := filepath.Join(dir, "mqueue")
	if err := os.Mkdir(qdir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, s := range subdirs {
		if err := os.MkdirAll(filepath.Join(qdir, s), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	mc := fmt.Sprintf("OSTYPE(`linux')dnl\ndefine(`QUEUE_DIR', `%s')dnl\n"+
		"define(`confDONT_PROBE_INTERFACES', `True')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n", qdir)
	mcPath := filepath.Join(dir, "test.mc")
	if err := os.WriteFile(mcPath, []byte(mc), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(gnuM4, "-D_CF_DIR_="+refCFDir+"/", refCFDir+"/m4/cf.m4", mcPath).Output()
	if err != nil {
		t.Fatalf("m4: %v", err)
	}
	cf := filepath.Join(dir, "test.cf")
	if err := os.WriteFile(cf, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return &refEnv{t: t, dir: dir, qdir: qdir, cf: cf}
}

// run runs the reference with args after -C cf, stdin in.
func (r *refEnv) run(in string, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("unshare", append([]string{"-u", "sh", "-c",
		`hostname mx.example.com && exec "$@"`, "sh", refSendmail, "-C", r.cf}, args...)...)
	cmd.Dir = r.dir
	cmd.Stdin = strings.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		r.t.Fatalf("reference %v: %v\n%s%s", args, err, stdout.String(), stderr.String())
	}
	return stdout.String() + stderr.String()
}

// ours is our listing of the queue.
func (r *refEnv) ours(verbose bool) string {
	r.t.Helper()
	q, err := Open(r.qdir)
	if err != nil {
		r.t.Fatal(err)
	}
	var b bytes.Buffer
	if err := q.List(&b, ListOptions{Verbose: verbose}); err != nil {
		r.t.Fatal(err)
	}
	return b.String()
}

// sameListing compares our listing with the reference's, terse and -v.
func (r *refEnv) sameListing() {
	r.t.Helper()
	for _, v := range []bool{false, true} {
		args := []string{"-bp"}
		if v {
			args = append(args, "-v")
		}
		want := r.run("", args...)
		if got := r.ours(v); got != want {
			r.t.Errorf("listing (verbose %v) differs.\nours:\n%s\nreference:\n%s", v, got, want)
		}
	}
}

func (r *refEnv) qfs() []string {
	var out []string
	filepath.Walk(r.qdir, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() && strings.HasPrefix(filepath.Base(p), "qf") {
			out = append(out, p)
		}
		return nil
	})
	return out
}

const testMsg = "Subject: hello\nTo: rcpt@example.com\n\nbody line\n"

// TestReferenceQueuedRead: a message the reference queues with -odq is
// read field by field, rewritten byte for byte, and listed as the
// reference lists it.
func TestReferenceQueuedRead(t *testing.T) {
	for _, sub := range [][]string{nil, {"qf", "df", "xf"}} {
		t.Run(fmt.Sprintf("subdirs=%v", sub), func(t *testing.T) {
			r := newRefEnv(t, sub...)
			before := time.Now().Unix()
			r.run(testMsg, "-odq", "-f", "sender@example.com", "rcpt@example.com", "second@example.org")
			r.run("Subject: 8bit\n\n\xe9t\xe9\n", "-odq", "-B8BITMIME", "-N", "success,failure",
				"-V", "envid-1", "-R", "hdrs", "-f", "other@example.com", "third@example.net")
			after := time.Now().Unix()
			qfs := r.qfs()
			if len(qfs) != 2 {
				t.Fatalf("reference queued %v", qfs)
			}
			q, err := Open(r.qdir)
			if err != nil {
				t.Fatal(err)
			}
			d := q.Dirs()[0]
			if d.SubQF != (sub != nil) || d.SubDF != (sub != nil) {
				t.Fatalf("subdirectories not seen: %+v", d)
			}
			for _, p := range qfs {
				data, _ := os.ReadFile(p)
				e, err := Parse(bytes.NewReader(data), p)
				if err != nil {
					t.Fatal(err)
				}
				if got := e.Bytes(); !bytes.Equal(got, data) {
					t.Errorf("%s: our rewrite differs:\n%s\nreference:\n%s", p, got, data)
				}
				id := strings.TrimPrefix(filepath.Base(p), "qf")
				idt, _, _, err := IDTime(id, time.Now())
				if err != nil || idt.Unix() < before-1 || idt.Unix() > after+1 {
					t.Errorf("ID %s: time %v, %v", id, idt, err)
				}
				if e.Version != 8 || e.Created < before || e.Created > after || e.LastAttempt != 0 ||
					e.Tries != 0 || e.Priority <= 0 {
					t.Errorf("%s: V T K N P = %d %d %d %d %d", id, e.Version, e.Created, e.LastAttempt, e.Tries, e.Priority)
				}
				body, err := os.ReadFile(d.File("df", id))
				if err != nil {
					t.Fatal(err)
				}
				var hdr string
				for _, h := range e.Headers {
					hdr += h.Name + ":" + h.Value + "\n"
				}
				if !strings.Contains(hdr, "id "+id) {
					t.Errorf("%s: Received has no id:\n%s", id, hdr)
				}
				switch e.Sender {
				case "sender@example.com":
					if string(body) != "body line\n" || e.Flags != "bs" || e.Auth != "sender@example.com" ||
						len(e.Recipients) != 2 || e.Recipients[0].Address != "rcpt@example.com" ||
						e.Recipients[1].Address != "second@example.org" || e.Recipients[0].Flags != "PFD" ||
						!strings.Contains(hdr, "Subject: hello\n") || e.BodyType != "" || e.EnvID != "" {
						t.Errorf("%s: parsed %+v body %q", id, e, body)
					}
				case "other@example.com":
					if string(body) != "\xe9t\xe9\n" || e.BodyType != "8BITMIME" || e.EnvID != "envid-1" ||
						!e.HasFlag('d') || !e.HasFlag('n') || !e.HasFlag('8') ||
						len(e.Recipients) != 1 || e.Recipients[0].Flags != "PNSF" ||
						e.Recipients[0].Address != "third@example.net" {
						t.Errorf("%s: parsed %+v body %q\n%s", id, e, body, data)
					}
				default:
					t.Errorf("%s: sender %q", id, e.Sender)
				}
			}
			r.sameListing()
		})
	}
}

// TestReferenceListsOurs: messages our writer queues are listed by the
// reference exactly as we list them, a locked one with '*', and the
// reference's queue run leaves a message we hold locked alone.
func TestReferenceListsOurs(t *testing.T) {
	for _, sub := range [][]string{nil, {"qf", "df"}} {
		t.Run(fmt.Sprintf("subdirs=%v", sub), func(t *testing.T) {
			r := newRefEnv(t, sub...)
			if strings.Contains(r.ours(false), "is empty") != true {
				t.Fatalf("not empty: %s", r.ours(false))
			}
			r.sameListing() // empty queue
			q, err := Open(r.qdir)
			if err != nil {
				t.Fatal(err)
			}
			d := q.Dirs()[0]
			now := time.Now().Unix()
			mk := func(pri int64, sender string, rcpts ...string) *Entry {
				e := &Envelope{Created: now, Priority: pri, Flags: "b", Sender: sender,
					Macros:  []Macro{{"_", "root@localhost"}, {"daemon_flags", ""}},
					Headers: []Header{{HasCond: true, Name: "Subject", Value: " test"}}}
				for _, rc := range rcpts {
					e.Recipients = append(e.Recipients, Recipient{Flags: "PFD", Address: rc})
				}
				en, err := q.Create(d, e, strings.NewReader("body\n"))
				if err != nil {
					t.Fatal(err)
				}
				return en
			}
			a := mk(30000, "a@example.com", "x@example.org")
			a.Close()
			b := mk(10000, "b\\weird\x01@example.com", "y@example.org", strings.Repeat("long", 20)+"@example.net")
			b.Close()
			// A message with a status message and a warning sent.
			en := mk(20000, "c@example.com", "z@example.org")
			env, _ := en.Read()
			env.Message, env.Flags, env.Tries, env.LastAttempt = "Deferred: Connection refused by mx.example.org.", "wb", 1, now
			env.Recipients[0].Message = "Deferred: 421 try later"
			env.Recipients = append(env.Recipients, Recipient{Flags: "P", Address: "|/bin/cat",
				Ctl: &Controller{User: "nobody", UID: 65534, GID: 65534, HasIDs: true, Alias: "list"}})
			if err := en.Rewrite(env, 0); err != nil {
				t.Fatal(err)
			}
			// en stays locked: both listings must show '*'.
			if out := r.ours(false); !strings.Contains(out, en.ID+"*") {
				t.Errorf("our listing does not show our lock:\n%s", out)
			}
			r.sameListing()
			out := r.run("", "-qI"+en.ID, "-v")
			if _, err := os.Stat(en.QF()); err != nil {
				t.Fatalf("the reference's queue run took a message we had locked: %v\n%s", err, out)
			}
			if !strings.Contains(out, "locked") {
				t.Logf("reference queue run said: %s", out)
			}
			en.Close()
			r.sameListing()
		})
	}
}

// TestLockAgainstOthers: a lock held through another open file (as
// another process, the reference or flock(1), holds it) makes Lock
// answer ErrLocked, and a stale tf does not stop a rewrite.
func TestLockAgainstOthers(t *testing.T) {
	dir := t.TempDir()
	q, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	d := q.Dirs()[0]
	en, err := q.Create(d, &Envelope{Created: 1, Sender: "s@example.com",
		Recipients: []Recipient{{Flags: "P", Address: "r@example.com"}}}, strings.NewReader("x\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Lock(d, en.ID); err != ErrLocked {
		t.Fatalf("second Lock while held: %v", err)
	}
	if !IsLocked(en.QF()) {
		t.Fatal("IsLocked false while held")
	}
	en.Close()
	if path, err := exec.LookPath("flock"); err == nil {
		cmd := exec.Command(path, "-x", en.QF(), "sleep", "5")
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(3 * time.Second)
		for !IsLocked(en.QF()) && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if _, err := q.Lock(d, en.ID); err != ErrLocked {
			t.Errorf("Lock while flock(1) holds it: %v", err)
		}
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
		for IsLocked(en.QF()) && time.Now().Before(deadline.Add(5*time.Second)) {
			time.Sleep(10 * time.Millisecond)
		}
	}
	en2, err := q.Lock(d, en.ID)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(d.File("tf", en.ID), []byte("stale"), 0o600)
	env, _ := en2.Read()
	env.Tries = 3
	if err := en2.Rewrite(env, 0); err != nil {
		t.Fatal(err)
	}
	back, err := en2.Read()
	if err != nil || back.Tries != 3 {
		t.Fatalf("after rewrite: %+v %v", back, err)
	}
	if err := en2.Remove(); err != nil {
		t.Fatal(err)
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 0 {
		t.Errorf("left in the queue: %v", left)
	}
}
