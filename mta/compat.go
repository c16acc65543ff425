package mta

import (
	"strings"

	"github.com/gosendmail/gosendmail/deliver"
	"github.com/gosendmail/gosendmail/queue"
	"github.com/gosendmail/gosendmail/ruleset"
)

// checkCompat runs the .cf's check_compat ruleset on "sender $|
// recipient" for one recipient about to be delivered: sendmail runs it
// at delivery, not in the SMTP server, on the envelope sender as queued
// and the final recipient (after aliases) as it is listed. It returns
// nil to deliver, or the outcome the recipient gets instead; discard
// is true for $#discard, which drops the whole message.
//
// What sendmail makes of "$#error $@ status $: text" was learnt by
// running it: the recipient's exit status is the one an error mailer
// address with that status has (errorExit: 0 delivers after all,
// EX_TEMPFAIL keeps it queued with "addr... text" as its message), and
// for the rest the recipient fails as a delivery agent that exited so
// would, the rule's own reply ("550 5.7.1 addr... text"; "553 5.3.0"
// when the text has no reply code) heading the transcript.
func (m *MTA) checkCompat(env *queue.Envelope, t target) (st *deliver.Status, discard bool) {
	verdict, ae, rst := m.Cf.CheckPair("check_compat", env.Sender, t.qr.Address)
	if rst == exTempFail && verdict == "" {
		return newStatus(deliver.TempFail, 451, "4.3.0", t.qr.Address+"... Temporary system failure. Please try again later."), false
	}
	switch verdict {
	case "discard":
		return nil, true
	case "error":
	default:
		return nil, false
	}
	code, enh, text := ae.Code, ae.Status, ae.Text
	raw := strings.TrimLeft(ae.User, `"`)
	if !ruleset.HasReplyCode(raw) {
		code, enh = 553, "5.3.0"
	}
	exit := errorExit(ae.Host)
	switch exit {
	case exOK:
		return nil, false
	case exTempFail:
		// queued, with the rule's text as the message (no "Deferred:"),
		// after the address unless the text's own code is a 4xx one
		msg := t.qr.Address + "... " + text
		if ruleset.HasReplyCode(raw) && raw[0] == '4' {
			msg = text
		}
		s := newStatus(deliver.TempFail, 451, "4.0.0", msg)
		s.Exit, s.NoAddr, s.Ruleset = exit, true, true
		return s, false
	}
	line := deliver.Status{Code: code, Enhanced: enh, Text: text}
	// (the mailer's name and path only go into EX_TEMPFAIL's text)
	st = deliver.FromExit(exit, "", "", line.Line(t.qr.Address))
	st.Ruleset = true
	if exit == exNoHost {
		st.Text = "Host unknown" // no name server was asked
	}
	return st, false
}

// discarded is the outcome of the recipients of a message check_compat
// discarded: gone, as if delivered, with nothing sent back.
func discarded() *deliver.Status {
	return &deliver.Status{Kind: deliver.Delivered, Code: 250, Enhanced: "2.0.0", DSN: "2.0.0", Text: "discarded"}
}
