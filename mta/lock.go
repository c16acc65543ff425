package mta

import (
	"runtime"
	"sync/atomic"
)

// bargeLock is the MTA's lock (see MTA.Lock). It is sync.Mutex without
// the hand-off: a goroutine that finds it free takes it, even while
// others sleep waiting for it, and an unlock only wakes one sleeper to
// try again. sync.Mutex, once a waiter has waited a millisecond, hands
// the lock to the first sleeper, which must first be scheduled: under
// load (20 SMTP sessions on two cores) the lock then sat unused while
// that goroutine waited for a core, every session queued behind it,
// and the cores went idle.
type bargeLock struct {
	locked  atomic.Bool
	waiters atomic.Int32
	wake    chan struct{} // one pending wake-up at most
}

func newBargeLock() *bargeLock { return &bargeLock{wake: make(chan struct{}, 1)} }

func (l *bargeLock) Lock() {
	for spin := 0; ; spin++ {
		if l.locked.CompareAndSwap(false, true) {
			return
		}
		if spin < 4 {
			runtime.Gosched()
			continue
		}
		l.waiters.Add(1)
		if l.locked.CompareAndSwap(false, true) {
			l.waiters.Add(-1)
			return
		}
		<-l.wake
		l.waiters.Add(-1)
		spin = 0
	}
}

func (l *bargeLock) Unlock() {
	if !l.locked.Swap(false) {
		panic("mta: unlock of an unlocked MTA")
	}
	if l.waiters.Load() > 0 {
		select {
		case l.wake <- struct{}{}:
		default:
		}
	}
}
