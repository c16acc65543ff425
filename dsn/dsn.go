package dsn

import (
	"bytes"
	"strconv"
	"strings"
	"time"
)

// Recipient is one recipient reported on: an entry in the text part's lists
// and a per-recipient block of the delivery-status part.
type Recipient struct {
	// Original is the address as sendmail holds it after expansion (q_paddr):
	// what the lists show, e.g. nosuchuser, "|exit 67", <a@b.example>.
	Original string
	// ORCPT is the DSN ORCPT= value, xtext decoded, "rfc822;a@b" ("" none):
	// written as Original-Recipient: with nothing between ';' and the address.
	ORCPT string
	// Final is the Final-Recipient address, e.g. ex67@mx.example.com; it is
	// written after FinalType and "; ".
	Final string
	// FinalType is the address type of Final; "" means "RFC822".
	FinalType string
	// Actual is the whole X-Actual-Recipient value, type included, e.g.
	// "rfc822; nosuchuser@mx.example.com" or "X-Unix; |exit 67" ("" none).
	// It is written only when it differs from the Final-Recipient value.
	Actual string
	// Action is "failed", "delayed", "delivered (to mailbox)", "delivered (to
	// mailing list)", "relayed (to non-DSN-aware mailer)", "expanded (to
	// multi-recipient alias)" or a Deliver-By form ("relayed (Deliver-By
	// trace mode)" ...). It decides the list the recipient is in.
	Action string
	// Status is the DSN status, e.g. "5.1.1"; "" means 5.0.0 for a failure,
	// 4.0.0 for a delay and 2.0.0 otherwise.
	Status string
	// RemoteMTA is the whole Remote-MTA value, e.g. "DNS; mx.example.net"
	// ("" none).
	RemoteMTA string
	// Diagnostic is the whole Diagnostic-Code value, e.g. "X-Unix; 67" or
	// "SMTP; 550 5.1.1 <a@b>... User unknown" ("" none).
	Diagnostic string
	// LastAttempt is the Last-Attempt-Date; zero means Report.Now.
	LastAttempt time.Time
	// WillRetryUntil is written as Will-Retry-Until unless zero (sendmail
	// writes it for recipients still queued: arrival + Timeout.queuereturn).
	WillRetryUntil time.Time
	// Reason is the text of the "(reason: ...)" line under the address in
	// the list, e.g. "550 5.1.1 User unknown" ("" no such line).
	Reason string
	// ExpandedFrom is the alias the address came from, for the "(expanded
	// from: ...)" line, e.g. ex67 or <ex67@mx.example.com> ("" none).
	ExpandedFrom string
	// Unlisted leaves the recipient out of the text part's lists; it is
	// still in the delivery-status part.
	Unlisted bool
}

// Report is everything a notification says.
type Report struct {
	QueueID  string    // the original's queue ID ("with id" in the postmaster's copy)
	HostName string    // $j: Reporting-MTA, Message-Id, boundary
	Now      time.Time // when the notification is made: Date:, Message-Id, boundary

	ArrivalDate time.Time // when the original was received
	// ReceivedFrom is the "from ..." text under the arrival date ($_),
	// e.g. "root@localhost" or "localhost [127.0.0.1]" ("" no such line).
	ReceivedFrom string
	// ReceivedFromMTA is the whole Received-From-MTA value, e.g. "DNS;
	// localhost" ("" none).
	ReceivedFromMTA string
	// ENVID is the DSN ENVID= value, xtext decoded, for Original-Envelope-Id
	// ("" none).
	ENVID string

	Sender string // the envelope sender the notification goes to: To:

	Warning    bool   // a delay warning instead of a failure
	WarnAfter  string // "4 hours": the warning subject (see Interval)
	Receipt    bool   // a return receipt (successful delivery notifications only)
	Postmaster bool   // the copy for PostmasterCopy: its own subject and "with id"

	ReturnFull bool   // return the whole original (RET=FULL), else its header only
	Original   []byte // the original: header, empty line, body (LF line ends); nil when lost
	EightBit   bool   // the original has 8-bit data even if Original shows none

	Recipients []Recipient
	Transcript string // the session transcript ("" unavailable)
	BounceID   string // queue ID of the notification itself

	// ErrorHeader is text put in the text part after the "from" line (the
	// ErrorHeader option), one or more lines ("" none).
	ErrorHeader string
	// From replaces "Mail Delivery Subsystem <MAILER-DAEMON>" as the From:
	// value.
	From string
	// Version, when set, adds the Received: header the default .cf puts on
	// a notification, "by HOST (VERSION)", e.g. "8.17.1.9/8.17.1.9".
	Version string
	// NoMIME writes the notification as SendMimeErrors=False does: plain
	// text, no delivery-status part.
	NoMIME bool
}

const (
	defaultFrom = "Mail Delivery Subsystem <MAILER-DAEMON>"
	listWidth   = 203 // addresses and reasons this long are shortened
	fieldWidth  = 800 // most DSN field values are cut here
)

// Build returns the notification: header, empty line, body; LF line ends.
func Build(r *Report) []byte {
	var b bytes.Buffer
	host := cut(r.HostName, 100)
	boundary := r.BounceID + "." + strconv.FormatInt(r.Now.Unix(), 10) + "/" + host
	subject, auto := r.subject()
	cte := r.transferEncoding()

	if r.Version != "" {
		b.WriteString("Received: from localhost (localhost)\n\tby " + r.HostName +
			" (" + r.Version + ") id " + r.BounceID + ";\n\t" + Date(r.Now) + "\n")
	}
	header(&b, "Date", Date(r.Now))
	from := r.From
	if from == "" {
		from = defaultFrom
	}
	header(&b, "From", from)
	header(&b, "Message-Id", "<"+r.Now.UTC().Format("200601021504")+"."+r.BounceID+"@"+r.HostName+">")
	header(&b, "To", r.Sender)
	if !r.NoMIME {
		header(&b, "MIME-Version", "1.0")
		header(&b, "Content-Type", "multipart/report; report-type=delivery-status;\n\tboundary=\""+boundary+"\"")
		if cte != "" {
			header(&b, "Content-Transfer-Encoding", cte)
		}
	}
	header(&b, "Subject", subject)
	header(&b, "Auto-Submitted", "auto-generated ("+auto+")")
	b.WriteByte('\n')

	if !r.NoMIME {
		b.WriteString("This is a MIME-encapsulated message\n\n--" + boundary + "\n\n")
	}
	r.text(&b)
	if r.NoMIME {
		r.plainOriginal(&b)
		return b.Bytes()
	}

	b.WriteString("--" + boundary + "\nContent-Type: message/delivery-status\n\n")
	r.status(&b)
	b.WriteByte('\n')
	if r.Original != nil {
		b.WriteString("--" + boundary + "\n")
		if r.ReturnFull {
			b.WriteString("Content-Type: message/rfc822\n")
		} else {
			b.WriteString("Content-Type: text/rfc822-headers\n")
		}
		if cte != "" {
			b.WriteString("Content-Transfer-Encoding: " + cte + "\n")
		}
		b.WriteByte('\n')
		if r.ReturnFull {
			b.Write(r.Original)
		} else {
			b.Write(headerOf(r.Original))
		}
	}
	b.WriteString("\n--" + boundary + "--\n\n")
	return b.Bytes()
}

func header(b *bytes.Buffer, name, value string) {
	b.WriteString(name + ": " + value + "\n")
}

// subject returns the Subject: and the Auto-Submitted: reason.
func (r *Report) subject() (string, string) {
	switch {
	case r.Warning && r.Postmaster:
		return "Postmaster warning: could not send message for past " + r.WarnAfter, "postmaster-warning"
	case r.Warning:
		return "Warning: could not send message for past " + r.WarnAfter, "warning-timeout"
	case r.Receipt:
		return "Return receipt", "return-receipt"
	case r.Postmaster:
		return "Postmaster notify: see transcript for details", "postmaster-notification"
	}
	return "Returned mail: see transcript for details", "failure"
}

// transferEncoding is the Content-Transfer-Encoding for the notification and
// its returned part: the original's own when it says binary, "8bit" when the
// original has 8-bit data, else none.
func (r *Report) transferEncoding() string {
	if v, ok := headerValue(r.Original, "Content-Transfer-Encoding"); ok &&
		strings.EqualFold(strings.TrimSpace(v), "binary") {
		return strings.TrimRight(strings.TrimLeft(v, " \t"), "\n")
	}
	if r.EightBit {
		return "8bit"
	}
	for _, c := range r.Original {
		if c >= 0x80 {
			return "8bit"
		}
	}
	return ""
}

var warningBox = "" +
	"    **********************************************\n" +
	"    **      THIS IS A WARNING MESSAGE ONLY      **\n" +
	"    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **\n" +
	"    **********************************************\n\n"

// text writes the human-readable part.
func (r *Report) text(b *bytes.Buffer) {
	if r.Warning {
		b.WriteString(warningBox)
	}
	b.WriteString("The original message was received at " + Date(r.ArrivalDate) + "\n")
	if r.ReceivedFrom != "" {
		b.WriteString("from " + r.ReceivedFrom + "\n")
	}
	if r.Postmaster {
		b.WriteString("with id " + r.QueueID + "\n")
	}
	b.WriteByte('\n')
	if r.ErrorHeader != "" {
		lines(b, r.ErrorHeader)
		b.WriteByte('\n')
	}

	r.list(b, "   ----- The following addresses had permanent fatal errors -----", isFailed)
	r.list(b, "   ----- The following addresses had transient non-fatal errors -----", isDelayed)
	r.list(b, "   ----- The following addresses had successful delivery notifications -----", isSuccess)

	if r.Transcript == "" {
		b.WriteString("   ----- Transcript of session is unavailable -----\n\n")
		return
	}
	b.WriteString("   ----- Transcript of session follows -----\n")
	lines(b, r.Transcript)
	b.WriteByte('\n')
}

func isFailed(a string) bool  { return strings.HasPrefix(a, "failed") }
func isDelayed(a string) bool { return strings.HasPrefix(a, "delayed") }
func isSuccess(a string) bool { return successNote(a) != "" }

// successNote is what the successful-notification list says of an action.
func successNote(action string) string {
	switch {
	case strings.HasPrefix(action, "relayed (Deliver-By notify"):
		return "Deliver-By notify: relayed"
	case strings.HasPrefix(action, "relayed (Deliver-By trace"):
		return "Deliver-By trace: relayed"
	case strings.HasPrefix(action, "relayed"):
		return "relayed to non-DSN-aware mailer"
	case strings.HasPrefix(action, "delivered (to mailing list"):
		return "successfully delivered to mailing list"
	case strings.HasPrefix(action, "delivered"):
		return "successfully delivered to mailbox"
	case strings.HasPrefix(action, "expanded"):
		return "expanded by alias"
	}
	return ""
}

// list writes one of the lists (heading, entries, empty line) if any
// recipient belongs in it.
func (r *Report) list(b *bytes.Buffer, heading string, in func(string) bool) {
	first := true
	for i := range r.Recipients {
		q := &r.Recipients[i]
		if q.Unlisted || !in(q.Action) {
			continue
		}
		if first {
			b.WriteString(heading + "\n")
			first = false
		}
		if note := successNote(q.Action); note != "" {
			b.WriteString(shorten(q.Original) + "  (" + note + ")\n")
		} else {
			b.WriteString(shorten(q.Original) + "\n")
			if q.Reason != "" {
				b.WriteString("    (reason: " + shorten(q.Reason) + ")\n")
			}
		}
		if q.ExpandedFrom != "" {
			b.WriteString("    (expanded from: " + shorten(q.ExpandedFrom) + ")\n")
		}
	}
	if !first {
		b.WriteByte('\n')
	}
}

// status writes the delivery-status fields.
func (r *Report) status(b *bytes.Buffer) {
	if r.ENVID != "" {
		header(b, "Original-Envelope-Id", cut(r.ENVID, fieldWidth))
	}
	header(b, "Reporting-MTA", "dns; "+cut(r.HostName, fieldWidth))
	if r.ReceivedFromMTA != "" {
		header(b, "Received-From-MTA", typed(r.ReceivedFromMTA))
	}
	header(b, "Arrival-Date", Date(r.ArrivalDate))
	for i := range r.Recipients {
		q := &r.Recipients[i]
		b.WriteByte('\n')
		if q.ORCPT != "" {
			typ, addr, ok := strings.Cut(q.ORCPT, ";")
			if ok {
				header(b, "Original-Recipient", cut(typ, 100)+";"+cut(addr, 700))
			} else {
				header(b, "Original-Recipient", cut(q.ORCPT, fieldWidth))
			}
		}
		ft := q.FinalType
		if ft == "" {
			ft = "RFC822"
		}
		final := ft + "; " + cut(q.Final, fieldWidth)
		header(b, "Final-Recipient", final)
		if q.Actual != "" && q.Actual != final {
			header(b, "X-Actual-Recipient", typed(q.Actual))
		}
		header(b, "Action", q.Action)
		header(b, "Status", q.status())
		if q.RemoteMTA != "" {
			header(b, "Remote-MTA", strings.TrimSuffix(typed(q.RemoteMTA), "."))
		}
		if q.Diagnostic != "" {
			header(b, "Diagnostic-Code", typed(q.Diagnostic))
		}
		last := q.LastAttempt
		if last.IsZero() {
			last = r.Now
		}
		header(b, "Last-Attempt-Date", Date(last))
		if !q.WillRetryUntil.IsZero() {
			header(b, "Will-Retry-Until", Date(q.WillRetryUntil))
		}
	}
}

func (q *Recipient) status() string {
	switch {
	case q.Status != "":
		return q.Status
	case isFailed(q.Action):
		return "5.0.0"
	case isDelayed(q.Action):
		return "4.0.0"
	}
	return "2.0.0"
}

// plainOriginal ends a notification without MIME.
func (r *Report) plainOriginal(b *bytes.Buffer) {
	switch {
	case r.Original == nil:
		b.WriteString("  ----- No message was collected -----\n\n")
	case r.ReturnFull:
		b.WriteString("   ----- Original message follows -----\n\n")
		b.Write(r.Original)
		b.WriteByte('\n')
	default:
		b.WriteString("   ----- Message header follows -----\n\n")
		b.Write(headerOf(r.Original))
		b.WriteString("\n   ----- Message body suppressed -----\n\n")
	}
}

// headerOf is the header of a message: its lines up to the empty line,
// each with its line break.
func headerOf(msg []byte) []byte {
	if len(msg) > 0 && msg[0] == '\n' {
		return nil
	}
	if i := bytes.Index(msg, []byte("\n\n")); i >= 0 {
		return msg[:i+1]
	}
	if len(msg) > 0 && msg[len(msg)-1] != '\n' {
		return append(append([]byte(nil), msg...), '\n')
	}
	return msg
}

// headerValue finds a header field of msg (case-insensitive name) and
// returns its value after the colon, continuation lines included.
func headerValue(msg []byte, name string) (string, bool) {
	h := headerOf(msg)
	for len(h) > 0 {
		line := h
		if i := bytes.IndexByte(h, '\n'); i >= 0 {
			line, h = h[:i], h[i+1:]
		} else {
			h = nil
		}
		n, v, ok := bytes.Cut(line, []byte(":"))
		if !ok || !strings.EqualFold(string(bytes.TrimRight(n, " \t")), name) {
			continue
		}
		val := string(v)
		for len(h) > 0 && (h[0] == ' ' || h[0] == '\t') {
			cont := h
			if i := bytes.IndexByte(h, '\n'); i >= 0 {
				cont, h = h[:i], h[i+1:]
			} else {
				h = nil
			}
			val += "\n" + string(cont)
		}
		return val, true
	}
	return "", false
}

// lines writes s, ending it with a line break if it has none.
func lines(b *bytes.Buffer, s string) {
	b.WriteString(s)
	if !strings.HasSuffix(s, "\n") {
		b.WriteByte('\n')
	}
}

// typed cuts the value after "TYPE; " of a typed field at 800 bytes.
func typed(v string) string {
	if t, rest, ok := strings.Cut(v, "; "); ok {
		return t + "; " + cut(rest, fieldWidth)
	}
	return cut(v, fieldWidth)
}

// cut is s, at most n bytes of it.
func cut(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// shorten is s, or when it is listWidth bytes or longer, its first and
// last 100 bytes with "..." between, as sendmail shortens the addresses and
// reasons of its lists.
func shorten(s string) string {
	if len(s) < listWidth {
		return s
	}
	const half = (listWidth - 3) / 2
	return s[:half] + "..." + s[len(s)-half:]
}
