package queue

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// createMany queues n messages from n goroutines at once and checks
// each: whole, readable and locked while its Entry is open, no tf left.
func createMany(t *testing.T, n int) { createManyIn(t, n, false) }

func createManyIn(t *testing.T, n int, server bool) {
	t.Helper()
	dir := t.TempDir()
	q, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	q.Server = server
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			body := strings.Repeat("line "+strconv.Itoa(i)+"\n", i+1)
			env := &Envelope{Created: 1, Sender: "s@example.com", Recipients: []Recipient{{Flags: "P", Address: "r@example.com"}}}
			en, err := q.Create(q.Dirs()[0], env, strings.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			if !IsLocked(en.QF()) {
				t.Errorf("%s: not locked while its Entry is open", en.QF())
			}
			got, err := en.Read()
			if err != nil || got.Sender != "s@example.com" || len(got.Recipients) != 1 {
				t.Errorf("read back: %v %+v", err, got)
			}
			if b, err := os.ReadFile(en.DF()); err != nil || string(b) != body {
				t.Errorf("df: %v %q", err, b)
			}
			en.Close()
			if IsLocked(en.QF()) {
				t.Errorf("%s: locked after Close", en.QF())
			}
		}(i)
	}
	close(start)
	wg.Wait()
	qfs, _ := filepath.Glob(filepath.Join(dir, "qf*"))
	dfs, _ := filepath.Glob(filepath.Join(dir, "df*"))
	tfs, _ := filepath.Glob(filepath.Join(dir, "tf*"))
	if len(qfs) != n || len(dfs) != n || len(tfs) != 0 {
		t.Errorf("%d qf, %d df, %d tf; want %d, %d, 0", len(qfs), len(dfs), len(tfs), n, n)
	}
}

// The three ways a message gets on disk: alone (fsyncs), among others
// (shared syncfs), and without O_TMPFILE (a tf renamed).
func TestCreateWays(t *testing.T) {
	t.Run("alone", func(t *testing.T) { createMany(t, 1) })
	t.Run("grouped", func(t *testing.T) {
		before := syncfsRuns(t.TempDir())
		createMany(t, 30)
		if before >= 0 && syncfsRuns(t.TempDir()) == before {
			t.Error("30 writers at once shared no syncfs")
		}
	})
	t.Run("server alone", func(t *testing.T) {
		before := syncfsRuns(t.TempDir())
		createManyIn(t, 1, true)
		if before >= 0 && syncfsRuns(t.TempDir()) == before {
			t.Error("a server's lone writer had no syncfs")
		}
	})
	t.Run("no group commit", func(t *testing.T) {
		GroupCommit = false
		defer func() { GroupCommit = true }()
		createMany(t, 10)
	})
	t.Run("tf and rename", func(t *testing.T) {
		was := noTmpfile.Load()
		noTmpfile.Store(true)
		defer noTmpfile.Store(was)
		createMany(t, 10)
	})
}

// A wanted ID whose qf exists is refused, and nothing of the attempt
// is left behind.
func TestCreateIDExists(t *testing.T) {
	dir := t.TempDir()
	q, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	env := &Envelope{Created: 1, Sender: "s@example.com"}
	en, err := q.CreateID(q.Dirs()[0], "6B1AAAAA000001", env, strings.NewReader("x\n"))
	if err != nil {
		t.Fatal(err)
	}
	en.Close()
	if _, err := q.CreateID(q.Dirs()[0], "6B1AAAAA000001", env, strings.NewReader("y\n")); err == nil {
		t.Fatal("a second message with the same ID was queued")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "df6B1AAAAA000001")); string(b) != "x\n" {
		t.Errorf("the first message's df became %q", b)
	}
}

// syncfsRuns is how many syncfs barriers dir's file system has had (-1:
// none to be had there).
func syncfsRuns(dir string) int64 {
	fs := fsOf(dir)
	if fs == nil {
		return -1
	}
	fs.g.mu.Lock()
	defer fs.g.mu.Unlock()
	return int64(fs.g.started)
}

// publish never replaces a qf: linking an unnamed file over an existing
// name fails and leaves that file as it was.
func TestPublishNoClobber(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "qfX")
	if err := os.WriteFile(name, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := openUnnamed(dir, filepath.Join(dir, "tfX"), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Name() != "" {
		t.Skip("no O_TMPFILE here: the tf path is used")
	}
	f.WriteString("new\n")
	if err := publish(f, name); err == nil {
		t.Fatal("an unnamed file was linked over an existing qf")
	}
	if noTmpfile.Load() {
		t.Error("a name that exists turned O_TMPFILE off")
	}
	if b, _ := os.ReadFile(name); string(b) != "old\n" {
		t.Errorf("the existing qf became %q", b)
	}
}
