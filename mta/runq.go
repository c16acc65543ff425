package mta

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gosendmail/gosendmail/queue"
	"github.com/gosendmail/gosendmail/ruleset"
)

// RunFilter selects the messages of a queue run (-qI, -qR, -qS and
// their negations with '!'): each list is of substrings, any of which
// selects a message.
type RunFilter struct {
	IDs, Rcpts, Senders          []string
	NotIDs, NotRcpts, NotSenders []string
}

func anySub(s string, subs []string) bool {
	s = strings.ToLower(s)
	for _, x := range subs {
		if strings.Contains(s, strings.ToLower(x)) {
			return true
		}
	}
	return false
}

func (f *RunFilter) wantID(id string) bool {
	if len(f.IDs) > 0 && !anySub(id, f.IDs) {
		return false
	}
	return !anySub(id, f.NotIDs)
}

func (f *RunFilter) wantEnv(env *queue.Envelope) bool {
	if len(f.Senders) > 0 && !anySub(env.Sender, f.Senders) {
		return false
	}
	if anySub(env.Sender, f.NotSenders) {
		return false
	}
	if len(f.Rcpts) == 0 && len(f.NotRcpts) == 0 {
		return true
	}
	for _, r := range env.Recipients {
		if (len(f.Rcpts) == 0 || anySub(r.Address, f.Rcpts)) && !anySub(r.Address, f.NotRcpts) {
			return true
		}
	}
	return false
}

// RunQueue is one queue run (sendmail -q): every message not locked by
// another process is tried, in the queue's order. It returns how many
// messages were tried.
func (m *MTA) RunQueue(f *RunFilter) (int, error) {
	if f == nil {
		f = &RunFilter{}
	}
	n := 0
	m.resolved = map[string]target{}
	m.expanded = map[string]expansion{}
	defer func() { m.resolved, m.expanded = nil, nil }()
	var minAge time.Duration
	if v, ok := m.Cf.Option("MinQueueAge"); ok && v != "" {
		minAge = ruleset.ConvTime(v, 'm')
	}
	for _, p := range m.Queue.Cleanup(time.Second) {
		m.verbosef("removed %s, left by a process that was killed\n", p)
	}
	for _, d := range m.Queue.Dirs() {
		ids, err := d.IDs("qf")
		if err != nil {
			return n, err
		}
		for _, id := range ids {
			if !f.wantID(id) {
				continue
			}
			en, err := m.Queue.Lock(d, id)
			if errors.Is(err, queue.ErrLocked) {
				continue
			}
			if err != nil {
				fmt.Fprintf(m.Err, "%s: %v\n", id, err)
				continue
			}
			env, err := en.Read()
			if err != nil {
				if errors.Is(err, queue.ErrEmpty) {
					en.Remove()
				} else {
					fmt.Fprintf(m.Err, "%s: %v\n", id, err)
					en.Close()
				}
				continue
			}
			if !f.wantEnv(env) || env.Quarantine != "" {
				en.Close()
				continue
			}
			// MinQueueAge: a message tried a moment ago waits (an
			// explicit -qI run tries it anyway)
			if minAge > 0 && len(f.IDs) == 0 && env.LastAttempt > 0 && m.now().Sub(time.Unix(env.LastAttempt, 0)) < minAge {
				en.Close()
				continue
			}
			n++
			m.verbosef("\nRunning %s/%s (sequence %d of %d)\n", d.Path(), id, n, len(ids))
			m.runEntry(en)
		}
	}
	return n, nil
}
