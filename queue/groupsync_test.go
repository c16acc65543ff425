package queue

import (
	"os"
	"path/filepath"
	"strconv"
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
