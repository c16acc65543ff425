package mta

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/gosendmail/gosendmail/deliver"
	"github.com/gosendmail/gosendmail/queue"
)

// A Transaction is one mail transaction received over SMTP (MAIL,
// RCPT..., DATA): recipients are resolved and expanded as each RCPT
// arrives, so a local user that does not exist is refused there, and
// Accept queues the message durably before the server says 250.
//
// The .cf's engine keeps its macros in one place: the caller holds the
// MTA's lock (Lock, Unlock) around every method, and sets the session's
// macros ($s, $_, $r, ${client_addr} ...) under the same lock.
type Transaction struct {
	m        *MTA
	Sender   string        // MAIL FROM address, "" for <>
	Macros   []queue.Macro // kept in the queue file for the delivery
	BodyType string        // BODY=
	EnvID    string        // ENVID=
	Ret      string        // RET=FULL|HDRS
	Auth     string        // AUTH= (xtext)
	list     *rcptList
	primary  int
}

// Lock and Unlock serialise the use of the configuration's engine.
func (m *MTA) Lock()   { m.mu.Lock() }
func (m *MTA) Unlock() { m.mu.Unlock() }

// NewTransaction starts a transaction for the envelope sender.
func (m *MTA) NewTransaction(sender string) *Transaction {
	return &Transaction{m: m, Sender: sender, list: &rcptList{m: m}}
}

// AddRcpt resolves and expands a recipient (RCPT TO). notify is the DSN
// NOTIFY= value ("" none), orcpt the ORCPT= value. It returns nil when
// the recipient is accepted, or the failure to answer with.
func (t *Transaction) AddRcpt(addr, notify, orcpt string) *deliver.Status {
	n := len(t.list.all)
	quiet := t.m.verify
	t.m.verify = false
	save := t.m.ErrorMode
	t.m.ErrorMode = 'q'
	t.list.addList(addr, nil, 0)
	t.m.ErrorMode = save
	t.m.verify = quiet
	added := t.list.all[n:]
	if len(added) == 0 {
		return nil // a duplicate of one already accepted
	}
	top := added[0]
	if top.state == sBad || top.state == sQueueUp {
		st := top.Status
		t.list.all = t.list.all[:n]
		if st.Kind == deliver.TempFail && t.m.DeliveryMode != 'i' {
			return st
		}
		return st
	}
	// an expansion may have failed for some of its members: those bounce
	// later; the recipient itself is accepted
	for _, r := range added {
		if notify != "" {
			r.Notify = notifyLetters(notify)
		}
		if r == top {
			r.ORcpt = orcpt
		}
	}
	t.primary++
	return nil
}

// Recipients is the number of recipients accepted.
func (t *Transaction) Recipients() int { return t.primary }

// Accept queues the message (data: header, empty line, body, "\n" line
// ends) with the header fields the .cf adds, fsyncs it, and starts its
// delivery as DeliveryMode says. When Accept returns without error the
// message is safe: the server may answer 250. The caller holds the MTA's
// lock; Accept lets it go while the queue files are written and synced,
// so the engine's macros may have been changed by others when it
// returns.
func (t *Transaction) Accept(data []byte) (string, error) {
	m := t.m
	now := m.now()
	user, body := splitMessage(data)
	id := m.Queue.IDs.Next()
	m.setTimeMacros(now)
	m.setMacro("i", id)
	g := t.Sender
	if g == "" {
		g = "<>"
	}
	m.setMacro("g", g)
	m.setMacro("f", g)
	m.setMacro("x", "")
	if t.primary == 1 {
		for _, r := range t.list.all {
			if r.Primary {
				m.setMacro("u", r.Addr)
				break
			}
		}
	} else {
		m.setMacro("u", "")
	}
	hdrs := m.addDefaults(user)
	env := &queue.Envelope{
		Created:  now.Unix(),
		Sender:   "<" + t.Sender + ">", // as sendmail keeps an SMTP sender: S<a@b>, S<>
		EnvID:    t.EnvID,
		BodyType: strings.ToUpper(t.BodyType),
		Auth:     t.Auth,
		Macros:   t.Macros,
		Headers:  hdrs,
		Priority: int64(len(data)) + 30000*int64(t.primary),
	}
	flags := ""
	if has8bit(body) {
		flags += "8"
	}
	if t.Ret != "" {
		flags += "d"
		if strings.EqualFold(t.Ret, "hdrs") {
			flags += "n"
		}
	}
	env.Flags = flags
	var failed, queued []*Rcpt
	for _, r := range t.list.all {
		switch r.state {
		case sOK, sQueueUp:
			env.Recipients = append(env.Recipients, m.queueRcpt(r))
			queued = append(queued, r)
		case sBad:
			failed = append(failed, r)
		}
	}
	// the durable write (fsyncs) needs no configuration: other sessions
	// go on meanwhile
	m.mu.Unlock()
	en, err := m.Queue.CreateID(m.Queue.Groups[0].Dirs[0], id, env, bytes.NewReader(body))
	m.mu.Lock()
	if err != nil {
		return "", fmt.Errorf("cannot queue: %w", err)
	}
	mac := func(n string) string {
		for _, x := range t.Macros {
			if x.Name == n {
				return x.Value
			}
		}
		v, _ := m.Cf.Macro(n)
		return v
	}
	m.logAccepted(id, env, len(data), len(env.Recipients)+len(failed), mac("r"), mac("daemon_name"), mac("_"))
	if len(failed) > 0 {
		m.bounce(env, en, failed, now)
	}
	if len(env.Recipients) == 0 {
		en.Remove()
		return id, nil
	}
	switch m.DeliveryMode {
	case 'q', 'd':
		m.logQueued(id, env, queued)
		en.Close()
	case 'i':
		m.runEntry(en)
	default:
		en.Close()
		if m.Background != nil {
			if err := m.Background(id); err != nil {
				fmt.Fprintf(m.Err, "%s: cannot start delivery: %v\n", id, err)
			}
		}
	}
	return id, nil
}
