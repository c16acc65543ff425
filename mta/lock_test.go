package mta

import (
	"sync"
	"testing"
	"time"
)

// The MTA's lock excludes, and wakes its sleepers: many goroutines
// taking it at once all get through, one at a time.
func TestBargeLock(t *testing.T) {
	l := newBargeLock()
	var wg sync.WaitGroup
	inside, total := 0, 0
	done := make(chan struct{})
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				l.Lock()
				inside++
				if inside != 1 {
					t.Error("two holders at once")
				}
				total++
				if i%100 == 0 {
					time.Sleep(10 * time.Microsecond) // a holder that sleeps
				}
				inside--
				l.Unlock()
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("a goroutine never got the lock (a lost wake-up)")
	}
	if total != 32*2000 {
		t.Errorf("total %d, want %d", total, 32*2000)
	}
}
