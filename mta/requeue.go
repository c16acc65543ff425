package mta

import (
	"strings"

	"github.com/gosendmail/gosendmail/queue"
)

// expandQueued expands, at the queue run, the recipients a control file
// holds as they were given: those neither reached through an alias (flag
// A) nor under a controlling user. sendmail leaves them so when it
// queues a message received over SMTP in queue-only mode (it resolves
// aliases and .forward files at delivery), and our runner must deliver
// what the reference queued. A recipient that expands to itself stays
// as it was; one that fails is returned in failed, to be reported.
func (m *MTA) expandQueued(rs []queue.Recipient) (out []queue.Recipient, failed []*Rcpt) {
	saveMode, saveVerify := m.ErrorMode, m.verify
	m.ErrorMode, m.verify = 'q', false
	defer func() { m.ErrorMode, m.verify = saveMode, saveVerify }()
	for _, qr := range rs {
		if strings.Contains(qr.Flags, "A") || qr.Ctl != nil {
			out = append(out, qr)
			continue
		}
		if c, ok := m.expanded[qr.Address]; ok && c.plain {
			out = append(out, qr) // known, during this run, to expand to itself
			continue
		}
		list := &rcptList{m: m}
		list.addList(qr.Address, nil, 0)
		var keep []*Rcpt
		for _, r := range list.all {
			switch r.state {
			case sOK, sQueueUp:
				keep = append(keep, r)
			case sBad:
				r.Final, r.ORcpt = qr.FinalRcpt, qr.ORcpt
				failed = append(failed, r)
			}
		}
		if len(keep) == 1 && keep[0].parent == nil && len(failed) == 0 {
			out = append(out, qr) // nothing to expand
			if m.expanded != nil {
				m.expanded[qr.Address] = expansion{plain: true}
			}
			continue
		}
		for _, r := range keep {
			nq := m.queueRcpt(r)
			nq.Flags = strings.ReplaceAll(qr.Flags, "A", "") + "A"
			if qr.FinalRcpt != "" {
				nq.FinalRcpt = qr.FinalRcpt
			}
			if nq.ORcpt == "" {
				nq.ORcpt = qr.ORcpt
			}
			out = append(out, nq)
		}
	}
	return out, failed
}

// expansion is what a queue run learnt of an address: plain, it expands
// to itself (no alias, no .forward, no ruleset 5 change).
type expansion struct{ plain bool }
