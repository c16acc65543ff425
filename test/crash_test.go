package test

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCrashKill9 kills sendmail with SIGKILL at random moments of
// acceptance (-odi: queueing, then delivery in the same process) and of
// queue runs, then runs the queue to the end. Every message whose
// sendmail exited 0 (told its caller "accepted") must be in the mailbox;
// copies delivered twice (killed after the mailbox write, before the
// queue file was updated) are counted and logged, as sendmail would also
// deliver them again.
func TestCrashKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	s := newSite(t, "", "")
	n := 200
	if v := os.Getenv("CRASH_N"); v != "" {
		fmt.Sscan(v, &n)
	}
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	accepted := map[int]bool{}
	killedAccept, killedRun := 0, 0
	start := func(stdin string, args ...string) *exec.Cmd {
		cmd := exec.Command(filepath.Join(s.bin, "sendmail"), append([]string{"-C", s.cf}, args...)...)
		cmd.Stdin = strings.NewReader(stdin)
		cmd.Env = append(os.Environ(), "HOME="+s.dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	// killAfter kills cmd after d unless it ends first; it reports
	// whether the command exited 0 on its own.
	killAfter := func(cmd *exec.Cmd, d time.Duration) (ok, killed bool) {
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			return err == nil, false
		case <-time.After(d):
			cmd.Process.Kill()
			err := <-done
			return err == nil, true
		}
	}
	for i := 0; i < n; i++ {
		msg := fmt.Sprintf("Subject: crash-%d\n\n%s\n", i, strings.Repeat("line of body text\n", rng.Intn(2000)))
		cmd := start(msg, "-odi", "-i", "root")
		ok, killed := killAfter(cmd, time.Duration(rng.Intn(25000))*time.Microsecond)
		if ok {
			accepted[i] = true
		}
		if killed {
			killedAccept++
		}
		if i%5 == 4 {
			// a queue run, killed somewhere too
			_, k := killAfter(start("", "-q"), time.Duration(rng.Intn(20000))*time.Microsecond)
			if k {
				killedRun++
			}
		}
	}
	// the final run must leave no message in the queue (temporary files
	// of killed processes are removed once a second old)
	time.Sleep(1100 * time.Millisecond)
	if _, errs, code := s.sendmail(t, "", "-q"); code != 0 {
		t.Fatalf("final queue run: exit %d: %s", code, errs)
	}
	orphans := 0
	for _, f := range s.queueFiles() {
		id := strings.TrimPrefix(filepath.Base(f), "df")
		if strings.HasPrefix(filepath.Base(f), "df") && !strings.HasSuffix(f, ".tmp") {
			if _, err := os.Stat(filepath.Join(s.queue, "qf"+id)); err != nil {
				orphans++ // a delivered message's data, kept OrphanDataAge
				continue
			}
		}
		t.Errorf("left in the queue: %s", f)
	}
	b, _ := os.ReadFile(filepath.Join(s.mail, "root"))
	count := map[int]int{}
	for _, m := range mbox(b) {
		var k int
		sub, _ := header(m, "Subject")
		rest := strings.ReplaceAll(body(m), "line of body text\n", "")
		if _, err := fmt.Sscanf(sub, "crash-%d", &k); err != nil || (rest != "\n" && rest != "\n\n") {
			t.Errorf("a broken message in the mailbox (subject %q, body left %q)", sub, rest)
			continue
		}
		count[k]++
	}
	lost, dups, extra := 0, 0, 0
	for i := 0; i < n; i++ {
		switch {
		case accepted[i] && count[i] == 0:
			lost++
			t.Errorf("message %d was accepted and never delivered (its subject is in the mailbox file %d times)",
				i, strings.Count(string(b), fmt.Sprintf("Subject: crash-%d\n", i)))
		case count[i] > 1:
			dups += count[i] - 1
		}
		if !accepted[i] && count[i] > 0 {
			extra++
		}
	}
	t.Logf("%d submissions (%d killed), %d killed queue runs: %d accepted, %d lost, %d duplicate deliveries, %d delivered though not acknowledged, %d orphan data files",
		n, killedAccept, killedRun, len(accepted), lost, dups, extra, orphans)
}
