package mlog

import (
	"fmt"
	"strconv"
	"strings"
)

// LogLevel thresholds: a record is logged when the LogLevel option is at
// least its level (sendmail 8.17 as run: nothing below 4, the default 9
// logs every delivery attempt).
const (
	LevelUserErr  = 4  // "addr... User unknown" (usrerr)
	LevelFrom     = 5  // from= (the message accepted)
	LevelNotify   = 6  // a notification made: DSN, sender notify, postmaster notify
	LevelFailed   = 7  // to= of a recipient that failed for good
	LevelSent     = 8  // to= of a recipient delivered
	LevelDeferred = 9  // to= of a recipient deferred or queued
	LevelDone     = 10 // done; the message left the queue
	LevelTLS      = 9  // STARTTLS=client, STARTTLS=server
)

// Syslog severities (RFC 5424) of the records: sendmail writes its
// usrerr lines as notices and every other line of this package as info.
const (
	SevNotice = 5
	SevInfo   = 6
)

// NoQueue is the ID sendmail writes on lines of a session that has no
// queue ID yet ("NOQUEUE: connect from ..."). A record with the ID ""
// is written without one, as sendmail writes its process-wide lines
// ("starting daemon (8.17.1.9): SMTP").
const NoQueue = "NOQUEUE"

// A Record is one thing sendmail logs: an acceptance, a delivery
// attempt, a notification, the end of a message, a note.
type Record interface {
	// Level is the least LogLevel at which the record is logged.
	Level() int
	// Severity is the syslog severity of its lines.
	Severity() int
	// entries are the messages handed to syslog, before escaping and
	// splitting: one, or one per to= chunk.
	entries() []entry
}

// entry is one message for sm_syslog: the queue ID and the text after it.
type entry struct{ id, text string }

// Acceptance is a message accepted (queued) by sendmail: its from= line,
// "ID: from=SENDER, size=N, class=N, nrcpts=N, msgid=ID, bodytype=B,
// proto=P, daemon=D, relay=R". Empty MsgID, BodyType, Proto, Daemon and
// Relay are left out.
type Acceptance struct {
	ID       string `json:"id"`
	From     string `json:"from"` // the envelope sender as given: root, <a@b.example>, <>
	Size     int64  `json:"size"` // bytes of the message received (header and body, LF line ends)
	Class    int    `json:"class"`
	NRcpts   int    `json:"nrcpts"`
	MsgID    string `json:"msgid,omitempty"`    // the Message-Id: value, leading blanks dropped
	BodyType string `json:"bodytype,omitempty"` // -B / BODY= as given
	Proto    string `json:"proto,omitempty"`    // $r: SMTP, ESMTP, ESMTPS, ESMTPA, or -p's
	Daemon   string `json:"daemon,omitempty"`   // the Name= of the DaemonPortOptions that took it
	Relay    string `json:"relay,omitempty"`    // $_: "root@localhost", "host [1.2.3.4]"
}

// Field limits, in bytes of the raw value.
const (
	maxFrom    = 200 // from=: cut
	maxMsgID   = 100 // msgid=: cut
	maxCtl     = 83  // ctladdr=: shortened in the middle
	maxRelay   = 40  // relay= of a delivery: shortened in the middle
	maxShort   = 203 // stat=, reply=, a notification's text: shortened in the middle
	sysBufSize = 1024
)

func (a *Acceptance) Level() int    { return LevelFrom }
func (a *Acceptance) Severity() int { return SevInfo }

func (a *Acceptance) entries() []entry {
	var b strings.Builder
	b.WriteString("from=")
	b.WriteString(cut(a.From, maxFrom))
	fmt.Fprintf(&b, ", size=%d, class=%d, nrcpts=%d", a.Size, a.Class, a.NRcpts)
	if a.MsgID != "" {
		b.WriteString(", msgid=" + cut(a.MsgID, maxMsgID))
	}
	for _, f := range []struct{ k, v string }{{"bodytype", a.BodyType}, {"proto", a.Proto}, {"daemon", a.Daemon}, {"relay", a.Relay}} {
		if f.v != "" {
			b.WriteString(", " + f.k + "=" + f.v)
		}
	}
	return []entry{{a.ID, b.String()}}
}

// Ctladdr is the controlling address of a recipient: whose uid and gid a
// delivery runs with. It is printed "addr (uid/gid)", or the address
// alone when NoIDs.
type Ctladdr struct {
	Addr  string `json:"addr"`
	UID   int    `json:"uid"`
	GID   int    `json:"gid"`
	NoIDs bool   `json:"noids,omitempty"`
}

// Attempt is one delivery attempt to the recipients of one mailer
// transaction: "ID: to=RCPTS, ctladdr=C (U/G), delay=D, xdelay=X,
// mailer=M, pri=P, relay=R [A], dsn=S, reply=T, stat=STAT". Fields
// left empty (nil Ctladdr and XDelay, "" Relay, DSN, Reply) are left out;
// delay, mailer, pri and stat are always written.
//
// A to= list longer than what is left of syslog's buffer is logged on
// several lines, each with all the other fields, the earlier ones ending
// in ", [more]".
type Attempt struct {
	ID      string   `json:"id"`
	To      []string `json:"to"` // the recipients as sendmail names them (the address as given), in the order logged
	Ctladdr *Ctladdr `json:"ctladdr,omitempty"`
	// Delay is the seconds since the message was queued (may be
	// negative if the clock went back); XDelay the seconds this attempt
	// took, nil when none was made (a recipient refused at submission, a
	// message queued without delivery).
	Delay     int64  `json:"delay"`
	XDelay    *int64 `json:"xdelay,omitempty"`
	Mailer    string `json:"mailer"`
	Pri       int64  `json:"pri"`
	Relay     string `json:"relay,omitempty"`      // the host connected to, or $h of a mailer with a host
	RelayAddr string `json:"relay_addr,omitempty"` // its address, when a connection was tried
	DSN       string `json:"dsn,omitempty"`
	Reply     string `json:"reply,omitempty"` // the reply line that decided it (SMTP, or sendmail's own at submission)
	Stat      string `json:"stat"`            // Sent, Sent (peer's text), queued, Deferred: ..., User unknown ...
}

// Seconds is a convenience for Attempt.XDelay.
func Seconds(s int64) *int64 { return &s }

// Level of an attempt follows its outcome: a delivery is logged from
// LogLevel 8, a deferral or a queued recipient from 9, anything else (a
// permanent failure) from 7.
func (a *Attempt) Level() int {
	switch {
	case a.Stat == "queued" || strings.HasPrefix(a.Stat, "Deferred") || strings.HasPrefix(a.DSN, "4"):
		return LevelDeferred
	case strings.HasPrefix(a.DSN, "2") || a.Stat == "Sent" || strings.HasPrefix(a.Stat, "Sent "):
		return LevelSent
	}
	return LevelFailed
}

func (a *Attempt) Severity() int { return SevInfo }

// rest is everything after the to= list.
func (a *Attempt) rest() string {
	var b strings.Builder
	if c := a.Ctladdr; c != nil {
		b.WriteString(", ctladdr=" + shorten(c.Addr, maxCtl))
		if !c.NoIDs {
			fmt.Fprintf(&b, " (%d/%d)", c.UID, c.GID)
		}
	}
	b.WriteString(", delay=" + Interval(a.Delay))
	if a.XDelay != nil {
		b.WriteString(", xdelay=" + Interval(*a.XDelay))
	}
	b.WriteString(", mailer=" + a.Mailer)
	b.WriteString(", pri=" + strconv.FormatInt(a.Pri, 10))
	if a.Relay != "" {
		b.WriteString(", relay=" + shorten(a.Relay, maxRelay))
		if a.RelayAddr != "" {
			b.WriteString(" [" + a.RelayAddr + "]")
		}
	}
	if a.DSN != "" {
		b.WriteString(", dsn=" + a.DSN)
	}
	if a.Reply != "" {
		b.WriteString(", reply=" + shorten(a.Reply, maxShort))
	}
	b.WriteString(", stat=" + shorten(a.Stat, maxShort))
	return b.String()
}

// entries splits the to= list as sendmail does: the list gets what the
// other fields leave of 924 bytes; a longer list is cut after the last
// comma that fits, the piece logged with " [more]", and so on.
func (a *Attempt) entries() []entry {
	id := a.ID
	rest := a.rest()
	to := strings.Join(a.To, ",")
	l := sysBufSize - 100 - len(rest)
	if l < 0 {
		l = 0
	}
	var out []entry
	for len(to) >= l {
		q := l
		for ; q > 0; q-- {
			if q < len(to) && to[q] == ',' {
				break
			}
		}
		if q == 0 {
			break
		}
		out = append(out, entry{id, "to=" + to[:q+1] + " [more]" + rest})
		to = to[q+1:]
	}
	if len(to) > l {
		to = to[:l]
	}
	return append(out, entry{id, "to=" + to + rest})
}

// Notify kinds: how sendmail names a notification it makes.
const (
	// KindDSN: a bounce or return receipt to the sender.
	KindDSN = "DSN"
	// KindSender: any notification to the sender of a message that was
	// already sent a delay warning (qf flag w), the warning included.
	KindSender = "sender notify"
	// KindPostmaster: the copy to the postmaster (PostmasterCopy), or the
	// return of a message whose sender is <>.
	KindPostmaster = "postmaster notify"
)

// Notice is a notification made about a message: "ID: NOTIFYID: KIND:
// TEXT", logged before the notification is delivered.
type Notice struct {
	ID       string `json:"id"`        // the message the notification is about
	NotifyID string `json:"notify_id"` // the queue ID of the notification
	Kind     string `json:"kind"`
	// Text is the message's last error: the stat= text of the last
	// failure ("User unknown"), the usrerr line of an address refused
	// ("a@b... Go away"), "Return receipt", "Warning: could not send
	// message for past 4 hours", "Cannot send message for 5 days".
	Text string `json:"text"`
}

func (n *Notice) Level() int    { return LevelNotify }
func (n *Notice) Severity() int { return SevInfo }

func (n *Notice) entries() []entry {
	return []entry{{n.ID, n.NotifyID + ": " + n.Kind + ": " + shorten(n.Text, maxShort)}}
}

// Done is a message that left the queue, delivered or returned:
// "ID: done; delay=D, ntries=N".
type Done struct {
	ID     string `json:"id"`
	Delay  int64  `json:"delay"`  // seconds since it was queued
	NTries int    `json:"ntries"` // delivery attempts, this one included
}

func (d *Done) Level() int    { return LevelDone }
func (d *Done) Severity() int { return SevInfo }

func (d *Done) entries() []entry {
	return []entry{{d.ID, fmt.Sprintf("done; delay=%s, ntries=%d", Interval(d.Delay), d.NTries)}}
}

// TLS is a STARTTLS handshake made: "STARTTLS=client, relay=R,
// version=V, verify=X, cipher=C, bits=N/M". sendmail logs it without a
// queue ID (ID "").
type TLS struct {
	ID      string `json:"id,omitempty"`
	Role    string `json:"role"`  // client or server
	Relay   string `json:"relay"` // the host connected to ([127.0.0.1], mx.example.); the client's "name [address]"
	Version string `json:"version"`
	Verify  string `json:"verify"` // OK, NO, FAIL, NONE...
	Cipher  string `json:"cipher"`
	Bits    int    `json:"bits"`
	AlgBits int    `json:"alg_bits"`
}

func (x *TLS) Level() int    { return LevelTLS }
func (x *TLS) Severity() int { return SevInfo }

func (x *TLS) entries() []entry {
	return []entry{{x.ID, fmt.Sprintf("STARTTLS=%s, relay=%s, version=%s, verify=%s, cipher=%s, bits=%d/%d",
		x.Role, x.Relay, x.Version, x.Verify, x.Cipher, x.Bits, x.AlgBits)}}
}

// Note is any other line: "ID: TEXT", such as the usrerr line sendmail
// logs when it refuses an address ("nosuchuser... User unknown",
// LevelUserErr, SevNotice).
type Note struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	MinLevel int    `json:"level"`              // the least LogLevel that logs it
	Sev      int    `json:"severity,omitempty"` // 0: SevNotice
}

// UserErr is the Note sendmail logs for an address it refuses: "ADDR...
// TEXT", the address shortened to 203 bytes as stat= is.
func UserErr(id, addr, text string) *Note {
	return &Note{ID: id, Text: shorten(addr, maxShort) + "... " + text, MinLevel: LevelUserErr}
}

func (n *Note) Level() int { return n.MinLevel }
func (n *Note) Severity() int {
	if n.Sev == 0 {
		return SevNotice
	}
	return n.Sev
}
func (n *Note) entries() []entry { return []entry{{n.ID, n.Text}} }

// Interval formats seconds as sendmail's delay= fields do: HH:MM:SS,
// with "D+" in front from one day on. A negative interval (a clock that
// went back) comes out as C prints it: -2:-3:-4.
func Interval(s int64) string {
	secs, mins, hours, days := s%60, s/60%60, s/3600%24, s/86400
	p := ""
	if days > 0 {
		p = strconv.FormatInt(days, 10) + "+"
	}
	return fmt.Sprintf("%s%02d:%02d:%02d", p, hours, mins, secs)
}

// Format returns the messages sendmail hands to syslog for r with the
// default tag, as they arrive after "sendmail[pid]: ": "ID: text", or
// "ID[n]: text" pieces of a message too long for syslog's buffer.
func Format(r Record) []string { return FormatTag(r, "") }

// FormatTag is Format for sendmail run with -L tag ("" is the default,
// "sendmail"): the tag's length decides where long messages are split.
func FormatTag(r Record, tag string) []string {
	var out []string
	for _, e := range r.entries() {
		out = append(out, wire(e.id, escape(e.text), tag)...)
	}
	return out
}

// String returns the lines of r (Format) joined by newlines.
func String(r Record) string { return strings.Join(Format(r), "\n") }
