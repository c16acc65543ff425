package queue

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Many goroutines creating files and syncing the directory at once:
// every call returns, without error, after an fsync that began after
// its own file was made (checked by the counters), and the files exist.
func TestGroupSync(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			p := filepath.Join(dir, "f"+strconv.Itoa(i))
			if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
				t.Error(err)
				return
			}
			groupMu.Lock()
			g := groupSyncs[dir]
			groupMu.Unlock()
			var before uint64
			if g != nil {
				g.mu.Lock()
				before = g.started
				g.mu.Unlock()
			}
			if err := syncDirShared(dir); err != nil {
				t.Error(err)
			}
			groupMu.Lock()
			g = groupSyncs[dir]
			groupMu.Unlock()
			g.mu.Lock()
			if g.done <= before {
				t.Errorf("returned before an fsync that started after the file was made (%d <= %d)", g.done, before)
			}
			g.mu.Unlock()
		}(i)
	}
	wg.Wait()
	ents, _ := os.ReadDir(dir)
	if len(ents) != 50 {
		t.Errorf("%d files", len(ents))
	}
	if err := syncDirShared(filepath.Join(dir, "nonexistent")); err == nil {
		t.Error("a directory that cannot be synced must fail")
	}
}

// Create from many goroutines (sharing the directory's fsyncs): every
// message is complete and readable when its call returns.
func TestCreateConcurrent(t *testing.T) {
	dir := t.TempDir()
	q, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			body := strings.Repeat("line "+strconv.Itoa(i)+"\n", i+1)
			env := &Envelope{Created: 1, Sender: "s@example.com", Recipients: []Recipient{{Flags: "P", Address: "r@example.com"}}}
			en, err := q.Create(q.Dirs()[0], env, strings.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			defer en.Close()
			got, err := en.Read()
			if err != nil || got.Sender != "s@example.com" {
				t.Errorf("read back: %v %+v", err, got)
			}
			if b, err := os.ReadFile(en.DF()); err != nil || string(b) != body {
				t.Errorf("df: %v %q", err, b)
			}
		}(i)
	}
	wg.Wait()
}
