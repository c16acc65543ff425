package mta

import (
	"strings"
	"time"

	"github.com/gosendmail/gosendmail/deliver"
	"github.com/gosendmail/gosendmail/mlog"
	"github.com/gosendmail/gosendmail/queue"
)

// The log lines sendmail writes (package mlog has their formats): one
// from= line when a message is queued, one to= line for each delivery
// attempt, a DSN: line for each notification, and done when a message
// leaves the queue. m.Log nil logs nothing.

// logAccepted is the from= line of a message just queued.
func (m *MTA) logAccepted(id string, env *queue.Envelope, size int, nrcpts int, proto, daemon, relay string) {
	if m.Log == nil {
		return
	}
	msgid := ""
	for _, h := range env.Headers {
		if strings.EqualFold(h.Name, "Message-Id") {
			msgid = strings.TrimSpace(headerValue(h))
		}
	}
	from := env.Sender
	if proto != "" && !strings.HasPrefix(from, "<") {
		from = "<" + from + ">"
	}
	m.Log.Log(&mlog.Acceptance{ID: id, From: from, Size: int64(size), NRcpts: nrcpts, MsgID: msgid,
		BodyType: env.BodyType, Proto: proto, Daemon: daemon, Relay: relay})
}

// logQueued is the to=... stat=queued line of a recipient left for the
// queue run (-odq). rcpts are the recipients env's R lines were made
// from, in their order: their mailers are already known.
func (m *MTA) logQueued(id string, env *queue.Envelope, rcpts []*Rcpt) {
	if m.Log == nil {
		return
	}
	for i, r := range env.Recipients {
		mr := "local"
		if i < len(rcpts) && rcpts[i].Mailer != nil {
			mr = rcpts[i].Mailer.Name
		}
		m.Log.Log(&mlog.Attempt{ID: id, To: []string{r.Address}, Mailer: mr, Pri: env.Priority, Stat: "queued",
			Delay: int64(m.now().Sub(time.Unix(env.Created, 0)).Seconds())})
	}
}

// logAttempt is the to= line of one outcome.
func (m *MTA) logAttempt(id string, env *queue.Envelope, t target, st *deliver.Status, took time.Duration) {
	m.logAttemptTo(id, env, t, st, took, nil)
}

// logAttemptTo is logAttempt with the record adjusted by edit (nil: as
// it is) before it is logged.
func (m *MTA) logAttemptTo(id string, env *queue.Envelope, t target, st *deliver.Status, took time.Duration, edit func(*mlog.Attempt)) {
	if m.Log == nil || !m.Log.Enabled(7) {
		return
	}
	x := int64(took.Seconds())
	a := &mlog.Attempt{ID: id, To: []string{t.qr.Address}, Pri: env.Priority, XDelay: &x,
		Delay: int64(m.now().Sub(time.Unix(env.Created, 0)).Seconds())}
	if t.mr != nil {
		a.Mailer = t.mr.Name
		if isIPC(t.mr) || (t.host != "" && !t.mr.Flags['l']) {
			a.Relay = t.host
		}
	}
	switch {
	case st.OK():
		a.DSN, a.Stat = "2.0.0", "Sent"
		if st != nil && st.Remote != nil && st.Remote.Reply != "" {
			if _, text, ok := strings.Cut(st.Remote.Reply, " "); ok {
				a.Stat = "Sent (" + text + ")"
			}
		}
	case st.Temporary():
		a.DSN, a.Stat = st.DSN, st.Text
		if !strings.HasPrefix(a.Stat, "Deferred") {
			a.Stat = "Deferred: " + a.Stat
		}
	default:
		a.DSN, a.Stat = st.DSN, st.Text
		a.Reply = st.Error()
		if st.Remote != nil && st.Remote.Reply != "" {
			a.Reply = st.Remote.Reply
		}
	}
	if edit != nil {
		edit(a)
	}
	m.Log.Log(a)
}

// logNotice is the line of a notification made about message id.
func (m *MTA) logNotice(id, notifyID, kind, text string) {
	if m.Log != nil {
		m.Log.Log(&mlog.Notice{ID: id, NotifyID: notifyID, Kind: kind, Text: text})
	}
}

// logDone is the line of a message that left the queue.
func (m *MTA) logDone(id string, env *queue.Envelope) {
	if m.Log != nil {
		m.Log.Log(&mlog.Done{ID: id, Delay: int64(m.now().Sub(time.Unix(env.Created, 0)).Seconds()), NTries: env.Tries + 1})
	}
}

// logGroup logs the outcomes of one remote transaction: one to= line
// for the recipients that share an outcome (sendmail lists all those a
// peer accepted on one line), one for each other.
func (m *MTA) logGroup(id string, env *queue.Envelope, targets []target, idx []int, out []*deliver.Status, took time.Duration) {
	if m.Log == nil {
		return
	}
	var sent []int
	for _, i := range idx {
		if out[i].OK() {
			sent = append(sent, i)
			continue
		}
		m.logAttempt(id, env, targets[i], out[i], took)
	}
	if len(sent) == 0 {
		return
	}
	t := targets[sent[0]]
	m.logAttemptTo(id, env, t, out[sent[0]], took, func(a *mlog.Attempt) {
		a.To = a.To[:0]
		for k := len(sent) - 1; k >= 0; k-- { // the reference lists them last first
			a.To = append(a.To, targets[sent[k]].qr.Address)
		}
	})
}
