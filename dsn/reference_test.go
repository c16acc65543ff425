package dsn

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gosendmail/gosendmail/queue"
)

const (
	refSendmail  = "/usr/libexec/sendmail/sendmail"
	refMailLocal = "/usr/libexec/sendmail/mail.local"
	refCFDir     = "/usr/share/sendmail/cf"
	gnuM4        = "/usr/bin/m4"
)

// needReference skips unless the reference sendmail can be run: installed
// with its cf tree and GNU m4, run as root, in a UTS namespace of its own
// named mx.example.com (it sleeps a minute on a host name without a dot).
func needReference(t *testing.T) {
	t.Helper()
	for _, p := range []string{refSendmail, refMailLocal, refCFDir + "/m4/cf.m4", gnuM4} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("reference not installed: no %s (apt-get install sendmail-bin sendmail-cf m4)", p)
		}
	}
	if os.Geteuid() != 0 {
		t.Skip("the reference sendmail queues and reads its aliases only when run as root here")
	}
	if err := exec.Command("unshare", "-u", "true").Run(); err != nil {
		t.Skip("unshare -u not permitted: the reference would sleep a minute on this host name")
	}
}

// refEnv is a queue, an aliases file and a .cf built now from the
// reference's cf tree. Notifications go to "hold", an alias for a program
// that fails with EX_TEMPFAIL, so they stay in the queue to be read.
type refEnv struct {
	t       *testing.T
	dir, cf string
	qdir    string
	version string
}

const refAliases = `hold: "|exit 75"
ex67: "|exit 67"
ex1: "|exit 1"
ex75: "|exit 75"
err: error:5.1.1:550 nope
bad: :include:/nonexistent
`

func newRefEnv(t *testing.T) *refEnv {
	needReference(t)
	syscall.Umask(0o022)
	dir := t.TempDir()
	qdir := filepath.Join(dir, "mqueue")
	for _, d := range []string{qdir, filepath.Join(dir, "hoststat")} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "aliases"), []byte(refAliases), 0o644); err != nil {
		t.Fatal(err)
	}
	// TrustStickyBit: t.TempDir() is under the world-writable /tmp, where
	// the reference would not otherwise read its aliases.
	mc := fmt.Sprintf("OSTYPE(`debian')dnl\ndefine(`QUEUE_DIR', `%[1]s/mqueue')dnl\n"+
		"define(`ALIAS_FILE', `%[1]s/aliases')dnl\ndefine(`STATUS_FILE', `%[1]s/statistics')dnl\n"+
		"define(`confHOST_STATUS_DIRECTORY', `%[1]s/hoststat')dnl\n"+
		"define(`confDONT_BLAME_SENDMAIL', `TrustStickyBit')dnl\ndefine(`confDONT_PROBE_INTERFACES', `True')dnl\n"+
		"define(`LOCAL_MAILER_PATH', `%[2]s')dnl\ndefine(`LOCAL_MAILER_ARGS', `mail.local -d $u')dnl\n"+
		"MAILER(`local')dnl\nMAILER(`smtp')dnl\n", dir, refMailLocal)
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
	r := &refEnv{t: t, dir: dir, cf: cf, qdir: qdir}
	r.run("", "-bi")
	return r
}

// run runs the reference with args after -C cf and stdin in, and returns
// its output; a non-zero exit is expected (a bounce exits with the
// failure's code).
func (r *refEnv) run(in string, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("unshare", append([]string{"-u", "sh", "-c",
		`hostname mx.example.com && exec "$@"`, "sh", refSendmail, "-C", r.cf}, args...)...)
	cmd.Dir = r.dir
	cmd.Stdin = strings.NewReader(in)
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		r.t.Fatalf("reference %v: %v", args, err)
	}
	return string(out)
}

// notification takes the one notification out of the queue: its header
// as it will be sent (without Return-Path: and Full-Name:, which the .cf
// adds per mailer), an empty line and its body. Everything is removed from
// the queue.
func (r *refEnv) notification() []byte {
	r.t.Helper()
	defer func() {
		ents, _ := os.ReadDir(r.qdir)
		for _, e := range ents {
			os.Remove(filepath.Join(r.qdir, e.Name()))
		}
	}()
	qfs, _ := filepath.Glob(filepath.Join(r.qdir, "qf*"))
	var found []byte
	for _, qf := range qfs {
		f, err := os.Open(qf)
		if err != nil {
			r.t.Fatal(err)
		}
		env, err := queue.Parse(f, qf)
		f.Close()
		if err != nil {
			r.t.Fatalf("%s: %v", qf, err)
		}
		if env.Sender != "MAILER-DAEMON" {
			continue
		}
		if found != nil {
			r.t.Fatal("more than one notification queued")
		}
		var b bytes.Buffer
		for _, h := range env.Headers {
			if h.Name == "Return-Path" || h.Name == "Full-Name" {
				continue
			}
			b.WriteString(h.Name + ":" + h.Value + "\n")
		}
		b.WriteByte('\n')
		df, err := os.ReadFile(filepath.Join(r.qdir, "df"+strings.TrimPrefix(filepath.Base(qf), "qf")))
		if err != nil {
			r.t.Fatal(err)
		}
		found = append(b.Bytes(), df...)
	}
	if found == nil {
		r.t.Fatalf("no notification in the queue (%d control files)", len(qfs))
	}
	if m := regexp.MustCompile(`\(([^)]*)\) id `).FindSubmatch(found); m != nil {
		r.version = string(m[1])
	}
	return found
}

var (
	reQueueID   = regexp.MustCompile(`\b[0-9A-Za-x]{8}[0-9]{6,}\b`)
	reDate      = regexp.MustCompile(`(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} (GMT|[-+][0-9]{4})`)
	reBoundTime = regexp.MustCompile(`QUEUEID\.[0-9]+/`)
	reMsgIDTime = regexp.MustCompile(`<[0-9]{12}\.QUEUEID@`)
)

// normalise replaces what differs from run to run: queue IDs, dates, the
// time in the boundary and in Message-Id.
func normalise(b []byte) string {
	s := reQueueID.ReplaceAllString(string(b), "QUEUEID")
	s = reDate.ReplaceAllString(s, "DATE")
	s = reBoundTime.ReplaceAllString(s, "QUEUEID.TIME/")
	return reMsgIDTime.ReplaceAllString(s, "<STAMP.QUEUEID@")
}

// compare reports every line where ours and the reference's differ once
// normalised.
func compare(t *testing.T, ours, ref []byte) {
	t.Helper()
	o, r := strings.Split(normalise(ours), "\n"), strings.Split(normalise(ref), "\n")
	bad := 0
	for i := 0; i < max(len(o), len(r)); i++ {
		var ol, rl string
		if i < len(o) {
			ol = o[i]
		}
		if i < len(r) {
			rl = r[i]
		}
		if ol != rl {
			t.Errorf("line %d:\n ours:      %q\n reference: %q", i+1, ol, rl)
			if bad++; bad == 10 {
				t.Fatal("too many differences")
			}
		}
	}
	if len(o) != len(r) {
		t.Errorf("ours has %d lines, the reference %d", len(o), len(r))
	}
}

// TestReference makes the reference bounce messages and compares each with
// ours, field by field; the recipients' statuses are what the reference
// reports for these aliases (the delivery agents' business, not ours).
func TestReference(t *testing.T) {
	r := newRefEnv(t)
	now := time.Now().UTC().Truncate(time.Second)
	d := Date(now)
	report := func(subject, forRcpt string, rcpts ...Recipient) *Report {
		return &Report{HostName: host, Now: now, ArrivalDate: now, ReceivedFrom: "root@localhost",
			Sender: "hold", ReturnFull: true, BounceID: "6B1H4EBW004910", Version: r.version,
			Original: original("6B1H4EBV004910", forRcpt, d, subject, "body\n"), Recipients: rcpts}
	}

	t.Run("multi", func(t *testing.T) {
		r.run("Subject: multi\n\nbody\n", "-f", "hold", "-odi", "-oem", "nosuchuser", "err", "ex67", "ex1", "bad")
		ref := r.notification()
		ours := report("multi", "",
			unknownUser(d),
			Recipient{Original: "error:5.1.1:550 nope", Final: "err@mx.example.com",
				Actual: "rfc822; 5.1.1:550.nope@mx.example.com", Action: "failed", Status: "5.1.1",
				Diagnostic: "X-Unix; 550 5.1.1 User unknown", Reason: "550 5.1.1 User unknown", ExpandedFrom: "err"},
			progExit("ex67", "67", "5.1.1", "User unknown", d),
			progExit("ex1", "1", "5.0.0", "1", d),
			Recipient{Original: ":include:/nonexistent", Final: "bad@mx.example.com",
				Actual: "rfc822; /nonexistent@mx.example.com", Action: "failed", Status: "5.2.4", ExpandedFrom: "bad"})
		ours.Version = r.version
		ours.Transcript = unknownTranscript + "550 5.1.1 error:5.1.1:550 nope... User unknown\n" +
			"550 5.2.4 :include:/nonexistent... Cannot open /nonexistent: No such file or directory\n" +
			"550 5.1.1 \"|exit 67\"... User unknown\n554 5.3.0 unknown mailer error 1\n"
		compare(t, Build(ours), ref)
	})

	t.Run("headers", func(t *testing.T) {
		r.run("Subject: hdrs\n\nbody\n", "-f", "hold", "-odi", "-oem", "-R", "hdrs", "nosuchuser")
		ref := r.notification()
		ours := report("hdrs", "nosuchuser", unknownUser(d))
		ours.Version, ours.ReturnFull, ours.Transcript = r.version, false, unknownTranscript
		compare(t, Build(ours), ref)
	})

	t.Run("plain", func(t *testing.T) {
		r.run("Subject: plain\n\nbody\n", "-O", "SendMimeErrors=False", "-f", "hold", "-odi", "-oem", "nosuchuser")
		ref := r.notification()
		ours := report("plain", "nosuchuser", unknownUser(d))
		ours.Version, ours.NoMIME, ours.Transcript = r.version, true, unknownTranscript
		compare(t, Build(ours), ref)
	})

	t.Run("warning", func(t *testing.T) {
		r.run("Subject: later\n\nbody\n", "-f", "hold", "-odq", "ex75")
		time.Sleep(1100 * time.Millisecond)
		r.run("", "-qf", "-O", "Timeout.queuewarn=1s", "-O", "Timeout.queuereturn=2d", "-odi")
		ref := r.notification()
		ours := report("later", "ex75", Recipient{Original: `"|exit 75"`, Final: "ex75@mx.example.com",
			Actual: "X-Unix; |exit 75", Action: "delayed", Status: "4.2.0", Diagnostic: "X-Unix; 75",
			WillRetryUntil: now.Add(48 * time.Hour), ExpandedFrom: "ex75", Unlisted: true})
		ours.Version, ours.Warning, ours.WarnAfter = r.version, true, Interval(time.Second)
		ours.Transcript = "\"|exit 75\"... Deferred: prog mailer (/bin/sh) exited with EX_TEMPFAIL\n" +
			"Warning: message still undelivered after 1 second\nWill keep trying until message is 2 days old\n"
		compare(t, Build(ours), ref)
	})
}
