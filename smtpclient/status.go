package smtpclient

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"

	"github.com/gosendmail/gosendmail/deliver"
)

// This file is the one place where what happened on the wire (a reply, a
// network error, a DNS failure) becomes a *deliver.Status. The tables are
// what sendmail 8.17 was seen to do (see doc.go): the DSN status of a 5xx
// reply comes from its code and the command it answered, not from the
// peer's enhanced status code.

// phase is the command a reply answers.
type phase int

const (
	phGreet phase = iota // the greeting, EHLO/HELO, STARTTLS, AUTH
	phMail
	phRcpt
	phData    // the reply to DATA itself
	phDataEnd // the reply after the final dot
)

var (
	rcptDSN = map[int]string{500: "5.5.2", 501: "5.5.4", 502: "5.5.1", 503: "5.5.1", 504: "5.5.4",
		550: "5.1.1", 551: "5.1.6", 552: "5.2.2", 553: "5.1.3"}
	mailDSN = map[int]string{501: "5.5.2", 552: "5.3.4", 553: "5.1.3"}
	dataDSN = map[int]string{501: "5.5.4", 550: "5.2.0", 551: "5.1.6", 552: "5.2.2", 553: "5.1.0"}
)

// replyStatus converts a 4xx or 5xx reply to ph into the outcome for the
// recipients it concerns. mta is the peer's name, tr the session
// transcript so far (with the reply).
//
// The DSN status of a 5xx reply is the peer's enhanced code when it
// offered ENHANCEDSTATUSCODES (enh), else sendmail's table for the
// command and reply code.
func replyStatus(ph phase, r *Reply, mta, tr string, dsn, enh bool) *deliver.Status {
	rem := &deliver.Remote{MTA: mta, Reply: r.Line(), DSN: dsn}
	if ph == phMail || ph == phGreet {
		rem.MTA = ""
	}
	if r.Code/100 == 4 {
		enh := r.Enhanced()
		if enh == "" {
			enh = "4.0.0"
		}
		return &deliver.Status{Kind: deliver.TempFail, Code: r.Code, Enhanced: enh, DSN: enh,
			Text: "Deferred: " + r.Line(), Exit: deliver.ExTempFail, Output: tr, Remote: rem}
	}
	var tab map[int]string
	switch ph {
	case phRcpt:
		tab = rcptDSN
	case phMail:
		tab = mailDSN
	case phData, phDataEnd:
		tab = dataDSN
	}
	d, ok := tab[r.Code]
	if !ok {
		d = "5.0.0"
	}
	if e := r.Enhanced(); enh && strings.HasPrefix(e, "5.") {
		d = e
	}
	st := &deliver.Status{Kind: deliver.PermFail, Code: 554, Enhanced: "5.0.0", DSN: d,
		Text: "Service unavailable", Exit: deliver.ExUnavailable, NoAddr: true, Output: tr, Remote: rem}
	switch {
	case ph == phRcpt && (r.Code == 550 || r.Code == 551 || r.Code == 553):
		st.Code, st.Enhanced, st.Text, st.Exit, st.NoAddr = 550, "5.1.1", "User unknown", deliver.ExNoUser, false
	case ph == phMail && (r.Code == 501 || r.Code == 553):
		st.Code, st.Enhanced, st.Text, st.Exit = 501, "5.6.0", "Data format error", deliver.ExDataErr
	case (ph == phData || ph == phDataEnd) && r.Code >= 500 && r.Code <= 504:
		st.Code, st.Enhanced, st.Text, st.Exit = 554, "5.5.0", "Remote protocol error", deliver.ExProtocol
	}
	return st
}

// sentStatus is a delivered recipient: "Sent (2.0.0 Ok: queued as X)".
func sentStatus(r *Reply, mta string, dsn bool) *deliver.Status {
	text := "Sent"
	if t := r.Text(); t != "" {
		text = "Sent (" + t + ")"
	}
	return &deliver.Status{Kind: deliver.Delivered, Code: 250, Enhanced: "2.0.0", DSN: "2.0.0",
		Text: text, Exit: deliver.ExOK, Remote: &deliver.Remote{MTA: mta, Reply: r.Line(), DSN: dsn}}
}

// netStatus is a connection that could not be made or broke: a
// deferral, "Deferred: Connection refused by HOST".
func netStatus(err error, host string) *deliver.Status {
	text := "Deferred: " + netErrText(err, host)
	return &deliver.Status{Kind: deliver.TempFail, Code: 451, Enhanced: "4.4.1", DSN: "4.4.1",
		Text: text, Exit: deliver.ExTempFail}
}

func netErrText(err error, host string) string {
	switch errnoOf(err) {
	case syscall.ECONNREFUSED:
		return "Connection refused by " + host
	case syscall.ETIMEDOUT:
		return "Connection timed out with " + host
	case syscall.EHOSTUNREACH:
		return "No route to host"
	case syscall.ENETUNREACH:
		return "Network is unreachable"
	case syscall.ECONNRESET:
		return "Connection reset by " + host
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, os.ErrDeadlineExceeded) {
		return "Connection timed out with " + host
	}
	return fmt.Sprintf("%s: %v", host, err)
}

// errnoOf is the errno of a network error (ETIMEDOUT for time-outs), 0 if
// there is none.
func errnoOf(err error) syscall.Errno {
	var en syscall.Errno
	if errors.As(err, &en) {
		return en
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return syscall.ETIMEDOUT
	}
	return 0
}

// hostUnknown: the domain does not exist (or has no address).
func hostUnknown(host string) *deliver.Status {
	return &deliver.Status{Kind: deliver.PermFail, Code: 550, Enhanced: "5.1.2", DSN: "5.1.2",
		Text: "Host unknown (Name server: " + host + ": host not found)", Exit: deliver.ExNoHost}
}

// lookupFailed: the name server did not answer.
func lookupFailed(host string) *deliver.Status {
	return &deliver.Status{Kind: deliver.TempFail, Code: 451, Enhanced: "4.4.3", DSN: "4.4.3",
		Text: "Deferred: Name server: " + host + ": host name lookup failure", Exit: deliver.ExTempFail}
}

// configError: a problem of ours (an MX list that loops back, a bad port).
func configError(text string) *deliver.Status {
	return &deliver.Status{Kind: deliver.PermFail, Code: 554, Enhanced: "5.3.5", DSN: "5.3.5",
		Text: text, Exit: deliver.ExConfig}
}

// localStatus is a failure found before anything was sent for it (the
// peer's SIZE, 8-bit data to a 7-bit peer in strict mode).
func localStatus(code int, enh, text string, exit int) *deliver.Status {
	k := deliver.PermFail
	if code/100 == 4 {
		k = deliver.TempFail
	}
	return &deliver.Status{Kind: k, Code: code, Enhanced: enh, DSN: enh, Text: text, Exit: exit}
}

// withCopy is a copy of st, for handing one outcome to many recipients.
func withCopy(st *deliver.Status) *deliver.Status {
	c := *st
	if st.Remote != nil {
		r := *st.Remote
		c.Remote = &r
	}
	return &c
}
