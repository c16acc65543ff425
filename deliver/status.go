package deliver

import (
	"fmt"
	"strings"
)

// Kind says what became of one delivery attempt.
type Kind int

const (
	// Delivered: the message is in the mailbox, file or program.
	Delivered Kind = iota
	// TempFail: try again later; the message stays in the queue.
	TempFail
	// PermFail: give up; the sender gets a bounce.
	PermFail
)

func (k Kind) String() string {
	switch k {
	case Delivered:
		return "delivered"
	case TempFail:
		return "temporary failure"
	case PermFail:
		return "permanent failure"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Status is the outcome of one delivery, in the terms sendmail uses for it.
// Every delivery error of this package is a *Status, so the queue runner and
// the bounce code convert them in one place.
//
//   - Code and Enhanced are the SMTP reply code and RFC 3463 enhanced status
//     that sendmail writes on the transcript line ("550 5.1.1 addr... User
//     unknown").
//   - DSN is the Status: field sendmail puts in the RFC 3464 report; for
//     exit codes of programs it differs from Enhanced (EX_CANTCREAT is
//     "550 5.0.0" on the transcript but "Status: 5.3.0" in the DSN).
//   - Exit is the sysexits code (EX_OK, EX_TEMPFAIL, ...): a program's own
//     exit status, or the one sendmail's delivery agent would have returned.
//     It becomes "Diagnostic-Code: X-Unix; N" and sendmail's exit status.
//   - Output is what a program wrote on stdout and stderr; sendmail copies
//     it into the transcript above the status line.
type Status struct {
	Kind     Kind
	Code     int
	Enhanced string
	DSN      string
	Text     string
	Exit     int
	Output   string
	// NoAddr: sendmail writes this transcript line without the
	// "addr... " prefix (its "554 5.3.0 unknown mailer error 1").
	NoAddr bool
	// Ruleset: the outcome is a ruleset's verdict (check_compat's), not
	// a delivery agent's. A deferral's queue message is then Text as it
	// is, where sendmail puts "Deferred: " before an agent's, and it is
	// the recipient's M record as well as the message's.
	Ruleset bool
	// Remote is set by the SMTP client (package smtpclient) for what
	// the peer said; nil for every other agent.
	Remote *Remote
}

// Remote is what an SMTP peer answered for one recipient, for the DSN
// fields sendmail writes from it.
type Remote struct {
	// MTA is the host that answered as sendmail names it: "[127.0.0.1]"
	// or "mx.example.net." (DNS names end in a dot). It becomes
	// "Remote-MTA: DNS; " with the dot removed; "" when sendmail writes
	// none (a failure of MAIL FROM, a connection that failed).
	MTA string
	// Reply is the peer's reply line, "550 5.1.1 <a@b>... nope": the
	// "Diagnostic-Code: SMTP; " value and the bounce's "(reason: ...)".
	Reply string
	// DSN is true when the peer offered DSN, so NOTIFY went on to it
	// and a NOTIFY=SUCCESS recipient gets no receipt from us; when false
	// sendmail sends one saying "relayed (to non-DSN-aware mailer)".
	DSN bool
}

// Sysexits codes as in <sysexits.h>.
const (
	ExOK          = 0
	ExUsage       = 64
	ExDataErr     = 65
	ExNoInput     = 66
	ExNoUser      = 67
	ExNoHost      = 68
	ExUnavailable = 69
	ExSoftware    = 70
	ExOSErr       = 71
	ExOSFile      = 72
	ExCantCreat   = 73
	ExIOErr       = 74
	ExTempFail    = 75
	ExProtocol    = 76
	ExNoPerm      = 77
	ExConfig      = 78
)

// Error makes *Status an error: "550 5.1.1 User unknown".
func (s *Status) Error() string {
	return fmt.Sprintf("%d %s %s", s.Code, s.Enhanced, s.Text)
}

// OK reports whether the message was delivered.
func (s *Status) OK() bool { return s == nil || s.Kind == Delivered }

// Temporary reports whether the failure is worth a retry.
func (s *Status) Temporary() bool { return s != nil && s.Kind == TempFail }

// Line is the transcript line sendmail writes for this outcome at
// recipient addr: "550 5.0.0 /tmp/f... Can't create output", or without
// the address where sendmail leaves it out.
func (s *Status) Line(addr string) string {
	if s.NoAddr || addr == "" {
		return s.Error()
	}
	return fmt.Sprintf("%d %s %s... %s", s.Code, s.Enhanced, addr, s.Text)
}

// Transcript is the program output (if any) followed by Line(addr), each
// line ending in "\n", as sendmail puts them in a bounce's transcript.
func (s *Status) Transcript(addr string) string {
	var b strings.Builder
	if s.Output != "" {
		b.WriteString(s.Output)
		if !strings.HasSuffix(s.Output, "\n") {
			b.WriteByte('\n')
		}
	}
	b.WriteString(s.Line(addr))
	b.WriteByte('\n')
	return b.String()
}

// ok is the Status of a delivered message.
func ok() *Status {
	return &Status{Kind: Delivered, Code: 250, Enhanced: "2.0.0", DSN: "2.0.0", Text: "Sent", Exit: ExOK}
}

func temp(code int, enh, text string, exit int) *Status {
	return &Status{Kind: TempFail, Code: code, Enhanced: enh, DSN: enh, Text: text, Exit: exit}
}

func perm(code int, enh, text string, exit int) *Status {
	return &Status{Kind: PermFail, Code: code, Enhanced: enh, DSN: enh, Text: text, Exit: exit}
}

// mailboxFull: the mailbox size limit (Mailbox.MaxSize) would be exceeded,
// or the file system's quota is (EDQUOT).
func mailboxFull() *Status { return perm(552, "5.2.2", "Mailbox full", ExCantCreat) }

// userUnknown: no such local user.
func userUnknown() *Status { return perm(550, "5.1.1", "User unknown", ExNoUser) }

// exitStatus says how sendmail reports a delivery agent's exit code, as
// sendmail 8.17 does it for a prog mailer (checked against the reference
// with `|exit N` aliases: transcript line, DSN Status:, queue message).
type exitStatus struct {
	code     int
	enhanced string
	dsn      string
	text     string
	addr     bool // the transcript line names the address
	temp     bool
}

var sysexits = map[int]exitStatus{
	ExUsage:       {500, "5.0.0", "5.5.4", "Command line usage error", false, false},
	ExDataErr:     {501, "5.6.0", "5.5.2", "Data format error", false, false},
	ExNoInput:     {550, "5.3.0", "5.3.0", "Cannot open input", true, false},
	ExNoUser:      {550, "5.1.1", "5.1.1", "User unknown", true, false},
	ExNoHost:      {550, "5.1.2", "5.1.2", "Host unknown (Name server: host not found)", true, false},
	ExUnavailable: {554, "5.0.0", "5.5.0", "Service unavailable", false, false},
	ExSoftware:    {554, "5.3.0", "5.5.0", "Internal error", false, false},
	ExOSErr:       {451, "4.0.0", "4.0.0", "Operating system error", true, true},
	ExOSFile:      {554, "5.3.5", "5.5.0", "System file missing", false, false},
	ExCantCreat:   {550, "5.0.0", "5.3.0", "Can't create output", true, false},
	ExIOErr:       {451, "4.0.0", "4.0.0", "I/O error", true, true},
	ExProtocol:    {554, "5.5.0", "5.5.0", "Remote protocol error", false, false},
	ExNoPerm:      {550, "5.0.0", "5.3.0", "Insufficient permission", true, false},
	ExConfig:      {554, "5.3.5", "5.5.0", "Local configuration error", false, false},
}

// FromExit converts a delivery agent's exit code into a Status as sendmail
// does: 0 is delivered; EX_TEMPFAIL, EX_IOERR and EX_OSERR keep the message
// queued; every other code bounces it. mailer and path name the mailer for
// EX_TEMPFAIL's message ("prog", "/bin/sh"); output is what the program
// printed, kept for the transcript.
func FromExit(exit int, mailer, path, output string) *Status {
	if exit == ExOK {
		return ok()
	}
	if exit == ExTempFail {
		s := temp(450, "4.0.0",
			fmt.Sprintf("Deferred: %s mailer (%s) exited with EX_TEMPFAIL", mailer, path), ExTempFail)
		s.Output = output
		return s
	}
	e, known := sysexits[exit]
	if !known {
		return &Status{Kind: PermFail, Code: 554, Enhanced: "5.3.0", DSN: "5.0.0",
			Text: fmt.Sprintf("unknown mailer error %d", exit), Exit: exit, Output: output, NoAddr: true}
	}
	k := PermFail
	if e.temp {
		k = TempFail
	}
	return &Status{Kind: k, Code: e.code, Enhanced: e.enhanced, DSN: e.dsn, Text: e.text,
		Exit: exit, Output: output, NoAddr: !e.addr}
}
