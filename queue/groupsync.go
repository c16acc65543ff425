package queue

import "sync"

// groupSync shares directory fsyncs among the goroutines of a process
// that queue messages at the same time (an SMTP server's sessions): a
// caller needs one fsync of the directory that starts after its own
// rename; when one is already running, it waits for it to end and then
// one more fsync covers every caller that waited. Under load, many
// messages are made durable by one fsync; alone, a caller pays one, as
// before.
type groupSync struct {
	mu      sync.Mutex
	cond    *sync.Cond
	started uint64 // fsyncs started
	done    uint64 // the last fsync that ended
	running bool
	err     error // that fsync's error
}

type groupKey = string

var (
	groupMu    sync.Mutex
	groupSyncs = map[groupKey]*groupSync{}
)

// syncDirShared runs, or waits for, an fsync of dir that starts after
// the call.
func syncDirShared(dir string) error {
	key := dir
	groupMu.Lock()
	g := groupSyncs[key]
	if g == nil {
		g = &groupSync{}
		groupSyncs[key] = g
	}
	groupMu.Unlock()

	return g.run(func() error { return syncDir(dir) })
}

// run runs fn, or waits for a run of fn that starts after the call, and
// returns that run's error.
func (g *groupSync) run(fn func() error) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.cond == nil {
		g.cond = sync.NewCond(&g.mu)
	}
	ticket := g.started + 1 // a run that starts from now on
	for g.done < ticket {
		if g.running {
			g.cond.Wait()
			continue
		}
		g.running = true
		g.started++
		n := g.started
		g.mu.Unlock()
		err := fn()
		g.mu.Lock()
		g.running = false
		g.done, g.err = n, err
		g.cond.Broadcast()
	}
	return g.err
}
