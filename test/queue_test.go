package test

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const refSendmail = "/usr/libexec/sendmail/sendmail"

// needRef skips unless the reference sendmail can run here: installed,
// as root (it queues only then), in a UTS namespace of its own with a
// dotted host name (it sleeps a minute otherwise).
func needRef(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(refSendmail); err != nil {
		t.Skip("reference not installed: no " + refSendmail + " (apt-get install sendmail-bin)")
	}
	if os.Geteuid() != 0 {
		t.Skip("the reference sendmail queues only when run as root")
	}
	if err := exec.Command("unshare", "-u", "true").Run(); err != nil {
		t.Skip("unshare -u not permitted: the reference would sleep a minute on this host name")
	}
}

// ref runs the reference sendmail on the site's .cf.
func (s *site) ref(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command("unshare", append([]string{"-u", "sh", "-c",
		`hostname mx.example.com && exec "$@"`, "sh", refSendmail, "-C", s.cf}, args...)...)
	cmd.Dir = s.dir
	cmd.Stdin = strings.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("reference %v: %v\n%s", args, err, out.String())
	}
	return out.String()
}

func (s *site) queueFiles() []string {
	m, _ := filepath.Glob(filepath.Join(s.queue, "[qd]f*"))
	return m
}

// TestQueueWithReference: a message the reference queues (-odq) is
// listed by our mailq as by its own and delivered by our queue run; a
// message we queue is listed by the reference's mailq as by ours.
func TestQueueWithReference(t *testing.T) {
	needRef(t)
	// the reference refuses options it does not know: this .cf has
	// none of ours; our runs get MailboxDirectory on the command line
	s := newSite(t, "define(`confDONT_BLAME_SENDMAIL', `TrustStickyBit,MapInUnsafeDirPath')dnl\n",
		"# none of our own options\n")
	mailOpt := "-OMailboxDirectory=" + s.mail
	os.Remove(filepath.Join(s.dir, "aliases.db")) // ours is a CDB file, which it cannot read
	s.ref(t, "", "-bi")                           // the reference's Berkeley DB aliases: we read them too
	s.ref(t, "Subject: from the reference\n\nqueued by sendmail 8.17\n", "-odq", "alice", "root")
	if n := len(s.queueFiles()); n != 2 {
		t.Fatalf("the reference left %d queue files, want a qf and a df", n)
	}
	for _, v := range [][]string{{"-bp"}, {"-bp", "-v"}} {
		want := s.ref(t, "", v...)
		got, errs, code := s.sendmail(t, "", v...)
		if got != want || code != 0 {
			t.Errorf("%v: our listing (exit %d, %s) differs from the reference's:\nours:\n%s\nreference:\n%s", v, code, errs, got, want)
		}
	}
	if _, errs, code := s.sendmail(t, "", "-q", mailOpt); code != 0 {
		t.Fatalf("our queue run: exit %d: %s", code, errs)
	}
	if q := s.queueFiles(); len(q) != 0 {
		t.Errorf("left in the queue after our run: %v", q)
	}
	m := waitMessages(t, filepath.Join(s.mail, "root"), 1)[0]
	if sub, _ := header(m, "Subject"); sub != "from the reference" {
		t.Errorf("delivered message: %q", m)
	}
	if r, _ := header(m, "Received"); !strings.Contains(r, "by mx.example.com") {
		t.Errorf("Received: %q, want the reference's", r)
	}
	if rp, _ := header(m, "Return-Path"); rp != "<root>" {
		t.Errorf("Return-Path: %q", rp)
	}

	// and the other way: ours queued, the reference lists it
	if _, errs, code := s.sendmail(t, "Subject: from us\n\nqueued by gosendmail\n", mailOpt, "-odq", "alice", "carol"); code != 0 {
		t.Fatalf("ours -odq: exit %d: %s", code, errs)
	}
	// header records as sendmail writes them: "H??Name:" without a
	// condition, "H?P?Return-Path:" with one
	for _, f := range s.queueFiles() {
		if !strings.HasPrefix(filepath.Base(f), "qf") {
			continue
		}
		b, _ := os.ReadFile(f)
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "H") && !strings.HasPrefix(l, "H?") {
				t.Errorf("%s: header record %q lacks its ?condition?", f, l)
			}
		}
		if !strings.Contains(string(b), "\nH??Subject: from us\n") || !strings.Contains(string(b), "\nH?P?Return-Path: <\x81g>\n") {
			t.Errorf("our queue file:\n%s", b)
		}
	}
	for _, v := range [][]string{{"-bp"}, {"-bp", "-v"}} {
		want := s.ref(t, "", v...)
		got, _, _ := s.sendmail(t, "", v...)
		if got != want {
			t.Errorf("%v: the reference lists our queue differently:\nours:\n%s\nreference:\n%s", v, got, want)
		}
		if !strings.Contains(want, "Total requests: 1") {
			t.Errorf("the reference does not list our message:\n%s", want)
		}
	}
}

// TestArgv0Names: sendmail called mailq lists the queue (-bp), called
// newaliases rebuilds the aliases (-bi).
func TestArgv0Names(t *testing.T) {
	s := newSite(t, "", "")
	if _, errs, code := s.sendmail(t, "Subject: q\n\nx\n", "-odq", "root"); code != 0 {
		t.Fatal(errs)
	}
	dir := t.TempDir()
	for _, n := range []string{"mailq", "newaliases"} {
		if err := os.Symlink(filepath.Join(s.bin, "sendmail"), filepath.Join(dir, n)); err != nil {
			t.Fatal(err)
		}
	}
	want, _, _ := s.sendmail(t, "", "-bp")
	got, err := exec.Command(filepath.Join(dir, "mailq"), "-C", s.cf).CombinedOutput()
	if err != nil || string(got) != want || !strings.Contains(want, "Total requests: 1") {
		t.Errorf("mailq: %v\n%s\nwant\n%s", err, got, want)
	}
	got, err = exec.Command(filepath.Join(dir, "newaliases"), "-C", s.cf).CombinedOutput()
	if err != nil || !strings.Contains(string(got), "aliases: ") {
		t.Errorf("newaliases: %v %s", err, got)
	}
}

// TestQueueRefSMTPUnexpanded: a message the reference receives over
// SMTP in queue-only mode keeps its recipients as given (aliases are
// resolved at delivery); our queue run expands them and delivers.
func TestQueueRefSMTPUnexpanded(t *testing.T) {
	needRef(t)
	s := newSite(t, "define(`confDONT_BLAME_SENDMAIL', `TrustStickyBit,MapInUnsafeDirPath')dnl\n", "# none of our own options\n")
	os.Remove(filepath.Join(s.dir, "aliases.db"))
	s.ref(t, "", "-bi")
	cmd := exec.Command("unshare", "-u", "sh", "-c", `hostname mx.example.com && exec "$@"`, "sh",
		refSendmail, "-C", s.cf, "-bs", "-odq")
	cmd.Dir = s.dir
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(out)
	var tr strings.Builder
	reply := func() {
		for {
			l, err := r.ReadString('\n')
			tr.WriteString(l)
			if err != nil || len(l) < 4 || l[3] != '-' {
				return
			}
		}
	}
	reply()
	for _, c := range []string{"EHLO client.example", "MAIL FROM:<root@mx.example.com>", "RCPT TO:<team>",
		"DATA", "Subject: over smtp, queued\r\n\r\nfor the team\r\n.", "QUIT"} {
		io.WriteString(in, c+"\r\n")
		reply()
	}
	in.Close()
	cmd.Wait()
	if !strings.Contains(tr.String(), "Message accepted") {
		t.Fatalf("the reference's session:\n%s", tr.String())
	}
	var qf string
	for _, f := range s.queueFiles() {
		if strings.HasPrefix(filepath.Base(f), "qf") {
			b, _ := os.ReadFile(f)
			qf = string(b)
		}
	}
	if !strings.Contains(qf, ":<team>\n") {
		t.Logf("the reference expanded the alias itself; the queue file:\n%s", qf)
	}
	if _, errs, code := s.sendmail(t, "", "-q", "-OMailboxDirectory="+s.mail); code != 0 {
		t.Fatalf("our queue run: %d %s", code, errs)
	}
	if q := s.queueFiles(); len(q) != 0 {
		t.Errorf("left in the queue: %v", q)
	}
	waitMessages(t, filepath.Join(s.mail, "root"), 1)      // alice: root
	waitMessages(t, filepath.Join(s.dir, "carol.mbox"), 1) // carol: a file
}
