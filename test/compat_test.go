package test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCheckCompatWithReference: the .cf's check_compat ruleset decides,
// at delivery, what becomes of each sender and recipient pair, as in
// sendmail. Each case's rule answers "$#error $@ status $: text" (or
// $#discard) for one sender; both sendmails deliver a message from it
// with -odi, and must agree on the exit status, on whether the
// recipient got the message, on the bounce's transcript and DSN status
// lines, and on the queue file's message (M) lines.
func TestCheckCompatWithReference(t *testing.T) {
	needRef(t)
	cases := []string{
		`$#error $@ 5.7.1 $: "550 refused"`, // reply code in the text
		`$#error $@ 5.1.1 $: refused`,       // none: 553 5.3.0
		`$#error $: "553 no status"`,        // no $@: EX_UNAVAILABLE
		`$#error $@ 5.1.2 $: "550 nohost"`,  // EX_NOHOST
		`$#error $@ 5.3.0 $: "550 oserr"`,   // EX_OSERR: queued, exit 71
		`$#error $@ 4.7.1 $: "451 later"`,   // queued with the text
		`$#error $@ TEMPFAIL $: "451 tf"`,   // likewise, by name
		`$#error $@ 4.0.0 $: "550 mixed"`,   // queued, "addr... text"
		`$#error $@ NOUSER $: "550 nu"`,     // EX_NOUSER by name
		`$#error $@ 550 $: "550 number"`,    // a number is the exit status
		`$#error $@ 2.0.0 $: "250 fine"`,    // delivered after all
		`$#discard $: gone`,
		`$: ok`,
	}
	var rules, aliases strings.Builder
	rules.WriteString("LOCAL_RULESETS\nScheck_compat\nR< $+ > $| $*\t\t$: $1 $| $2\n")
	aliases.WriteString("target: @DIR@/target.mbox\np71: \"|exit 71\"\np74: \"|exit 74\"\n")
	for i, c := range cases {
		fmt.Fprintf(&rules, "Rc%d $| $*\t\t%s\n", i, c)
		fmt.Fprintf(&aliases, "c%d: @DIR@/bounce.mbox\n", i)
	}
	s := newSite(t, "define(`confDONT_BLAME_SENDMAIL', `TrustStickyBit,MapInUnsafeDirPath')dnl\n",
		"# none of our own options\n"+rules.String())
	// the reference writes to files as the .cf's DefaultUser, who must
	// reach them: the test's own temporary directory is the owner's only
	os.Chmod(filepath.Dir(s.dir), 0o755)
	f, err := os.OpenFile(filepath.Join(s.dir, "aliases"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(strings.ReplaceAll(aliases.String(), "@DIR@", s.dir))
	f.Close()
	os.Remove(filepath.Join(s.dir, "aliases.db"))
	s.ref(t, "", "-bi") // Berkeley DB aliases, which both read

	for i, c := range cases {
		want := s.outcome(t, true, fmt.Sprintf("c%d", i), "target")
		got := s.outcome(t, false, fmt.Sprintf("c%d", i), "target")
		if got != want {
			t.Errorf("check_compat %s:\nours:\n%s\nreference:\n%s", c, got, want)
		}
	}
	// a program's EX_OSERR and EX_IOERR keep the message queued, with
	// their texts as they are, and are sendmail's exit status
	ok := fmt.Sprintf("c%d", len(cases)-1)
	for _, rcpt := range []string{"p71", "p74"} {
		want := s.outcome(t, true, ok, rcpt)
		got := s.outcome(t, false, ok, rcpt)
		if got != want {
			t.Errorf("%s:\nours:\n%s\nreference:\n%s", rcpt, got, want)
		}
	}
}

// outcome delivers a message from sender to rcpt with -odi, by the
// reference or by ours, and tells what came of it: the exit status,
// whether DIR/target.mbox got it, the transcript and status lines of a
// bounce in DIR/bounce.mbox, and the message (M) lines of a queue file
// left behind.
func (s *site) outcome(t *testing.T, ref bool, sender, rcpt string) string {
	t.Helper()
	lines := regexp.MustCompile(`(?m)^([0-9]{3} .*|(Action|Status|Diagnostic-Code): .*)$`)
	for _, f := range []string{"target.mbox", "bounce.mbox"} {
		p := filepath.Join(s.dir, f)
		os.WriteFile(p, nil, 0o666)
		os.Chmod(p, 0o666)
	}
	cmd := s.emptyQueueCommand(ref, "-odi", "-f", sender, rcpt)
	cmd.Stdin = strings.NewReader("Subject: compat\n\nhello\n")
	if err := cmd.Run(); cmd.ProcessState == nil {
		t.Fatalf("%v: %v", cmd.Args, err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "exit %d\n", cmd.ProcessState.ExitCode())
	got, _ := os.ReadFile(filepath.Join(s.dir, "target.mbox"))
	fmt.Fprintf(&b, "delivered %v\n", bytes.Contains(got, []byte("hello")))
	bounce, _ := os.ReadFile(filepath.Join(s.dir, "bounce.mbox"))
	for _, l := range lines.FindAll(bounce, -1) {
		fmt.Fprintf(&b, "bounce: %s\n", l)
	}
	for _, q := range s.queueFiles() {
		if !strings.HasPrefix(filepath.Base(q), "qf") {
			continue
		}
		qf, _ := os.ReadFile(q)
		for _, l := range strings.Split(string(qf), "\n") {
			if strings.HasPrefix(l, "M") {
				fmt.Fprintf(&b, "queued: %s\n", l)
			}
		}
	}
	return b.String()
}

// emptyQueueCommand empties the site's queue and returns the command
// that runs the reference (ref) or our sendmail on the site's .cf with
// args, in the site's directory.
func (s *site) emptyQueueCommand(ref bool, args ...string) *exec.Cmd {
	for _, q := range s.queueFiles() {
		os.Remove(q)
	}
	args = append([]string{"-C", s.cf}, args...)
	var cmd *exec.Cmd
	if ref {
		cmd = exec.Command("unshare", append([]string{"-u", "sh", "-c",
			`hostname mx.example.com && exec "$@"`, "sh", refSendmail}, args...)...)
	} else {
		cmd = exec.Command(filepath.Join(s.bin, "sendmail"), args...)
	}
	cmd.Dir = s.dir
	return cmd
}
