package mta

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gosendmail/gosendmail/dsn"
	"github.com/gosendmail/gosendmail/mlog"
	"github.com/gosendmail/gosendmail/queue"
)

// bounce returns a message to its sender with an RFC 3464 report of the
// recipients that failed. A bounce of a bounce (null sender) goes to
// the DoubleBounceAddress (postmaster).
func (m *MTA) bounce(env *queue.Envelope, en *queue.Entry, failed []*Rcpt, now time.Time) {
	var rs []dsn.Recipient
	var tr strings.Builder
	for _, f := range failed {
		st := f.Status
		final := m.finalOf(f.Final, f.Addr)
		r := dsn.Recipient{
			Original:    f.Addr,
			ORCPT:       f.ORcpt,
			Final:       final,
			Actual:      "rfc822; " + final,
			Action:      "failed",
			Status:      st.DSN,
			Diagnostic:  diagnostic(st.Exit, st.Code, st.Enhanced, st.Text),
			LastAttempt: now,
			Reason:      fmt.Sprintf("%d %s %s", st.Code, st.Enhanced, st.Text),
		}
		if rm := st.Remote; rm != nil {
			if rm.Reply != "" {
				r.Diagnostic, r.Reason = "SMTP; "+rm.Reply, rm.Reply
			}
			if rm.MTA != "" {
				r.RemoteMTA = "DNS; " + strings.TrimSuffix(rm.MTA, ".")
			}
		}
		rs = append(rs, r)
		if m.timeoutNote != "" {
			tr.WriteString(f.Addr + "... " + m.timeoutNote + "\n")
		} else {
			tr.WriteString(st.Transcript(f.Addr))
		}
	}
	m.notifySender(env, en, rs, tr.String(), false, "", now)
}

// receipt tells the sender of the recipients delivered that asked for
// it (NOTIFY=SUCCESS): a return receipt.
func (m *MTA) receipt(env *queue.Envelope, en *queue.Entry, done []receiptOf, now time.Time) {
	var rs []dsn.Recipient
	var tr strings.Builder
	for _, d := range done {
		q := d.qr
		final := m.finalOf(q.FinalRcpt, q.Address)
		action, text := "delivered (to mailbox)", "Successfully delivered"
		if d.relayed {
			action, text = "relayed (to non-DSN-aware mailer)", "relayed; expect no further notifications"
		}
		rs = append(rs, dsn.Recipient{Original: q.Address, ORCPT: q.ORcpt, Final: final,
			Actual: "rfc822; " + final, Action: action, Status: "2.0.0", LastAttempt: now})
		tr.WriteString(q.Address + "... " + text + "\n")
	}
	m.receiptMode = true
	m.notifySender(env, en, rs, tr.String(), false, "", now)
	m.receiptMode = false
}

// receiptOf is a recipient delivered that asked for a receipt; relayed
// when it went to an SMTP peer that does not do DSN.
type receiptOf struct {
	qr      queue.Recipient
	relayed bool
}

// delayWarning tells the sender that the recipients still queued have
// not been delivered for warnAfter (Timeout.queuewarn).
func (m *MTA) delayWarning(env *queue.Envelope, en *queue.Entry, keep []queue.Recipient, now time.Time, warnAfter, returnAfter time.Duration) {
	var rs []dsn.Recipient
	var tr strings.Builder
	for _, q := range keep {
		final := m.finalOf(q.FinalRcpt, q.Address)
		rs = append(rs, dsn.Recipient{
			Original:       q.Address,
			ORCPT:          q.ORcpt,
			Final:          final,
			Actual:         "rfc822; " + final,
			Action:         "delayed",
			Status:         "4.0.0",
			LastAttempt:    now,
			WillRetryUntil: time.Unix(env.Created, 0).Add(returnAfter),
			Unlisted:       true,
		})
		tr.WriteString(q.Address + "... " + q.Message + "\n")
	}
	m.notifySender(env, en, rs, tr.String(), true, dsn.Interval(warnAfter), now)
}

// finalOf is the Final-Recipient address of a queued recipient.
func (m *MTA) finalOf(final, addr string) string {
	f := strings.TrimPrefix(strings.TrimPrefix(final, "RFC822; "), "rfc822; ")
	if f == "" {
		f = addr
		if !strings.Contains(f, "@") {
			f += "@" + m.hostName()
		}
	}
	return f
}

// notifySender queues (and delivers, unless the delivery mode queues) a
// delivery status notification for env's sender.
func (m *MTA) notifySender(env *queue.Envelope, en *queue.Entry, rs []dsn.Recipient, transcript string, warning bool, warnAfter string, now time.Time) {
	to := env.Sender
	if m.notifying > 1 {
		// the return of a return failed too: nothing more to try
		fmt.Fprintf(m.Err, "%s: the notification could not be delivered either; dropped\n", env.Sender)
		return
	}
	m.notifying++
	defer func() { m.notifying-- }()
	if to == "" || to == "<>" {
		if warning || m.receiptMode {
			return
		}
		to, _ = m.Cf.Option("DoubleBounceAddress")
		if to == "" {
			to = "postmaster"
		}
	}
	body := []byte(nil)
	if en != nil {
		body, _ = readFile(en.DF())
	}
	var orig bytes.Buffer
	local := m.Cf.MailerByName("local")
	for _, h := range env.Headers {
		if h.HasCond && h.Cond != "" && (local == nil || !anyFlag(local, h.Cond)) {
			continue
		}
		v := h.Value
		if strings.IndexByte(v, 0x81) >= 0 {
			m.setMacro("g", env.Sender)
			v = m.Cf.Expand(v)
		}
		orig.WriteString(h.Name + ":" + v + "\n")
	}
	orig.WriteByte('\n')
	orig.Write(body)
	id := ""
	if en != nil {
		id = en.ID
	}
	from := ""
	for _, mc := range env.Macros {
		if mc.Name == "_" {
			from = mc.Value
		}
	}
	r := &dsn.Report{
		QueueID:      id,
		HostName:     m.hostName(),
		Now:          now,
		ArrivalDate:  time.Unix(env.Created, 0),
		ReceivedFrom: from,
		Sender:       to,
		Warning:      warning,
		Receipt:      m.receiptMode,
		WarnAfter:    warnAfter,
		ReturnFull:   !env.HasFlag('n'),
		Original:     orig.Bytes(),
		Recipients:   rs,
		Transcript:   transcript,
	}
	bid := m.Queue.IDs.Next()
	r.BounceID = bid
	kind, text := mlog.KindDSN, lastReason(rs, transcript)
	switch {
	case warning:
		kind, text = mlog.KindSender, "Warning: could not send message for past "+warnAfter
	case m.receiptMode:
		text = "Return receipt"
	case env.Sender == "" || env.Sender == "<>":
		kind = mlog.KindPostmaster
	}
	m.logNotice(id, bid, kind, text)
	if err := m.enqueueInternal(bid, "", []string{to}, dsn.Build(r), now); err != nil {
		fmt.Fprintf(m.Err, "%s: cannot queue the return of the message: %v\n", id, err)
	}
	// PostmasterCopy: a copy of each failure report (headers of the
	// original only) goes to the postmaster too
	pm, _ := m.Cf.Option("PostmasterCopy")
	if pm == "" || warning || m.receiptMode || to == pm {
		return
	}
	cp := *r
	cp.Postmaster, cp.ReturnFull, cp.Sender = true, false, pm
	cp.BounceID = m.Queue.IDs.Next()
	m.logNotice(id, cp.BounceID, mlog.KindPostmaster, text)
	if err := m.enqueueInternal(cp.BounceID, "", []string{pm}, dsn.Build(&cp), now); err != nil {
		fmt.Fprintf(m.Err, "%s: cannot queue the postmaster's copy: %v\n", id, err)
	}
}

// lastReason is the text of the last failure a notification reports,
// without its codes, as the log's DSN: line gives it.
func lastReason(rs []dsn.Recipient, transcript string) string {
	text := strings.TrimSpace(transcript)
	if i := strings.LastIndexByte(text, '\n'); i >= 0 {
		text = text[i+1:]
	}
	if len(rs) > 0 && rs[len(rs)-1].Reason != "" {
		text = rs[len(rs)-1].Reason
	}
	if len(text) > 4 && isDigits(text[:3]) && text[3] == ' ' {
		text = text[4:]
		if n := enhLen(text); n > 0 && n < len(text) && text[n] == ' ' {
			text = text[n+1:]
		}
	}
	return text
}

func diagnostic(exit, code int, enh, text string) string {
	if exit != 0 {
		return fmt.Sprintf("X-Unix; %d", exit)
	}
	return ""
}

// enqueueInternal queues a message sendmail makes itself (a bounce):
// sender "" is the null sender. It is delivered at once unless the
// delivery mode queues.
func (m *MTA) enqueueInternal(id, sender string, rcpts []string, data []byte, now time.Time) error {
	user, body := splitMessage(data)
	m.setMacro("i", id)
	m.setTimeMacros(now)
	g := sender
	if g == "" {
		g = "MAILER-DAEMON"
	}
	m.setMacro("g", g)
	m.setMacro("x", "")
	m.setMacro("s", "localhost")
	m.setMacro("_", "localhost")
	m.setMacro("u", "")
	hdrs := m.addDefaults(user)
	list := &rcptList{m: m}
	saveVerify := m.verify
	m.verify = false
	for _, a := range rcpts {
		list.addList(a, nil, 0)
	}
	m.verify = saveVerify
	env := &queue.Envelope{Created: now.Unix(), Sender: sender, Headers: hdrs, Flags: "r",
		Priority: int64(len(data)) + 30000*int64(len(rcpts)),
		Macros:   []queue.Macro{{Name: "r", Value: "internal"}}}
	for _, r := range list.all {
		if r.state == sOK || r.state == sQueueUp {
			env.Recipients = append(env.Recipients, m.queueRcpt(r))
		}
	}
	if len(env.Recipients) == 0 {
		return fmt.Errorf("no deliverable recipient for the return")
	}
	en, err := m.Queue.CreateID(m.Queue.Groups[0].Dirs[0], id, env, bytes.NewReader(body))
	if err != nil {
		return err
	}
	if m.DeliveryMode == 'q' || m.DeliveryMode == 'd' {
		return en.Close()
	}
	m.runEntry(en)
	return nil
}

func readFile(p string) ([]byte, error) { return os.ReadFile(p) }
