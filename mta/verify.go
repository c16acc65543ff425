package mta

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/gosendmail/gosendmail/queue"
)

// Verify is sendmail -bv: each argument is an address list, resolved
// and expanded as for delivery; failures (and, with -v, how addresses
// expand) are printed as they are found, then one "deliverable" line
// for each recipient that would be delivered. It returns the exit
// status.
func (m *MTA) Verify(addrs []string) int { return m.VerifyMessage(addrs, false, nil) }

// VerifyMessage is sendmail -bv, with -t (fromHeader) reading the
// message from msg and verifying the recipients of its header after
// those of the arguments: those of To:, Cc:, Bcc: and Apparently-To:,
// field after field, or of the Resent- forms of the first three when the
// message has Resent- fields.
// An error in the header's recipients ends the run there.
func (m *MTA) VerifyMessage(addrs []string, fromHeader bool, msg io.Reader) int {
	if len(addrs) == 0 && !fromHeader {
		fmt.Fprintln(m.Out, "Recipient names must be specified")
		return exUsage
	}
	m.verify = true
	defer func() { m.verify = false }()
	l := &rcptList{m: m}
	for _, a := range addrs {
		l.sendToList(a, nil, 0)
	}
	if l.errors > 0 && l.exit == exOK {
		l.exit = exUsage
	}
	if fromHeader {
		data, err := readMessage(msg, true, m.MaxMessageSize)
		if err != nil {
			fmt.Fprintf(m.Err, "collect: I/O error on input: %v\n", err)
			return exIOErr
		}
		hdrs, _ := splitMessage(data)
		errs := l.errors
		for _, v := range recipientFields(hdrs) {
			l.sendToList(v, nil, 0)
		}
		if len(l.all) == 0 {
			l.usrerr("", "No recipient addresses found in header")
		}
		if l.errors > errs {
			return l.status()
		}
	}
	for _, env := range l.envelopes(invokerName()) {
		for _, r := range env {
			if r.Host != "" {
				fmt.Fprintf(m.Out, "%s... deliverable: mailer %s, host %s, user %s\n", r.Addr, r.Mailer.Name, r.Host, r.User)
			} else {
				fmt.Fprintf(m.Out, "%s... deliverable: mailer %s, user %s\n", r.Addr, r.Mailer.Name, r.User)
			}
		}
	}
	return l.status()
}

// status is the exit status of a verification: EX_TEMPFAIL (recipients
// only queued) is a success.
func (l *rcptList) status() int {
	if l.exit == exTempFail {
		return exOK
	}
	return l.exit & 0xff
}

// invokerName is the user running sendmail, the sender of what -bv
// verifies (a variable for the tests).
var invokerName = func() string {
	name, _ := invoker()
	return name
}

// envelopes lists the recipients to deliver as sendmail's send queue
// has them, sorted by host (in any case; ties in the order they were
// added), split into one envelope per alias owner: the envelope of the
// recipients without an owner first, then the owners', the last split
// off first. A list's owner is dropped when it is the sender.
func (l *rcptList) envelopes(sender string) [][]*Rcpt {
	q := make([]*Rcpt, 0, len(l.all))
	for _, r := range l.all {
		if r.state.sendable() {
			q = append(q, r)
		}
	}
	sort.SliceStable(q, func(i, j int) bool { return strings.ToLower(q[i].Host) < strings.ToLower(q[j].Host) })
	owner := make(map[*Rcpt]string, len(q))
	for _, r := range q {
		for a := r; a != nil; a = a.parent {
			if a.Owner != "" {
				if a.Owner != sender {
					owner[r] = a.Owner
				}
				break
			}
		}
	}
	var split [][]*Rcpt
	for {
		own, others := "", 0
		if l.receipt {
			others++
		}
		for _, r := range q {
			switch o := owner[r]; {
			case o == "":
				others++
			case own != "" && o != own:
				others++
				own = o
			default:
				own = o
			}
		}
		if own == "" || others == 0 {
			break
		}
		var env, rest []*Rcpt
		for _, r := range q {
			if owner[r] == own {
				env = append(env, r)
			} else {
				rest = append(rest, r)
			}
		}
		split = append(split, env)
		q = rest
	}
	out := [][]*Rcpt{q}
	for i := len(split) - 1; i >= 0; i-- {
		out = append(out, split[i])
	}
	return out
}

// recipientFields returns the values of the header fields that name
// recipients, in the order of the header.
func recipientFields(hdrs []queue.Header) []string {
	prefix := ""
	for _, h := range hdrs {
		if len(h.Name) > 7 && strings.EqualFold(h.Name[:7], "resent-") {
			prefix = "resent-"
			break
		}
	}
	var out []string
	for _, h := range hdrs {
		switch strings.ToLower(h.Name) {
		case prefix + "to", prefix + "cc", prefix + "bcc":
			out = append(out, headerValue(h))
		case "apparently-to":
			if prefix == "" {
				out = append(out, headerValue(h))
			}
		}
	}
	return out
}

// errorExit is the exit status of an error mailer address, from its
// $@: an enhanced status code (by its class and subject), a number, or
// one of the names sendmail knows; EX_TEMPFAIL keeps the recipient
// queued instead.
func errorExit(host string) int {
	if host == "" {
		return exUnavailable
	}
	if n := enhLen(host); n > 0 && n == len(host) {
		return dsnExit(host)
	}
	if isDigits(host) {
		return atoi(host)
	}
	switch strings.ToLower(host) {
	case "usage":
		return exUsage
	case "nouser":
		return exNoUser
	case "nohost":
		return exNoHost
	case "unavailable":
		return exUnavailable
	case "software":
		return exSoftware
	case "tempfail":
		return exTempFail
	case "protocol":
		return exProtocol
	case "config":
		return exConfig
	}
	return exUnavailable
}

// dsnExit maps an enhanced status code to an exit status as sendmail
// does (found by running it on each code).
func dsnExit(dsn string) int {
	parts := strings.SplitN(dsn, ".", 3)
	class, subject, detail := atoi(parts[0]), atoi(parts[1]), atoi(parts[2])
	switch {
	case len(parts[0]) != 1 || class != 2 && class != 4 && class != 5:
		return exConfig
	case class == 2:
		return exOK
	case class == 4:
		return exTempFail
	}
	switch subject {
	case 1:
		switch detail {
		case 0:
			return exDataErr
		case 1, 6:
			return exNoUser
		case 2, 8:
			return exNoHost
		case 3, 7:
			return exUsage
		case 5:
			return exConfig
		}
	case 2:
		if detail == 3 {
			return exDataErr
		}
	case 3:
		return exOSErr
	case 4:
		switch detail {
		case 0, 2:
			return exIOErr
		case 1, 3, 5:
			return exTempFail
		case 4:
			return exProtocol
		case 6:
			return exConfig
		}
	case 5:
		return exProtocol
	case 7:
		return exDataErr
	}
	return exUnavailable
}

// More exit codes (sysexits) for error mailer statuses.
const (
	exNoHost   = 68
	exProtocol = 76
	exConfig   = 78
)

func enhLen(s string) int {
	i, parts := 0, 0
	for parts < 3 {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			return 0
		}
		parts++
		i = j
		if parts < 3 {
			if i >= len(s) || s[i] != '.' {
				return 0
			}
			i++
		}
	}
	return i
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
