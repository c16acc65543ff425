package mta

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/gosendmail/gosendmail/deliver"
	"github.com/gosendmail/gosendmail/dsn"
	"github.com/gosendmail/gosendmail/queue"
	"github.com/gosendmail/gosendmail/ruleset"
)

// Submission is one message given to sendmail on its command line and
// standard input (-bm, -t).
type Submission struct {
	Sender     string   // -f / -r ("" the invoking user)
	FullName   string   // -F
	FromHeader bool     // -t: recipients from To:, Cc: and Bcc:
	IgnoreDots bool     // -i / -oi: a line with a single dot does not end the message
	Recipients []string // the arguments
	Notify     string   // -N
	Ret        string   // -R full|hdrs
	EnvID      string   // -V
	BodyType   string   // -B 7BIT|8BITMIME
	Protocol   string   // -p proto[:host]
	Quarantine string   // -Q
	Hops       int      // -h: hops already made
	Input      io.Reader
}

// Exit codes (sysexits).
const (
	exOK          = 0
	exUsage       = 64
	exDataErr     = 65
	exNoUser      = 67
	exUnavailable = 69
	exSoftware    = 70
	exOSErr       = 71
	exCantCreat   = 73
	exIOErr       = 74
	exTempFail    = 75
)

// invoker is the user running sendmail, and the full name of its
// password entry.
func invoker() (name, full string) {
	u, err := user.Current()
	if err != nil {
		return "root", ""
	}
	full = u.Name
	if i := strings.IndexByte(full, ','); i >= 0 {
		full = full[:i]
	}
	return u.Username, full
}

// readMessage reads the message, ending at EOF or (without -i) at a
// line holding a single dot.
func readMessage(r io.Reader, ignoreDots bool, max int64) ([]byte, error) {
	if ignoreDots {
		if max > 0 {
			b, err := io.ReadAll(io.LimitReader(r, max+1))
			return b, err
		}
		return io.ReadAll(r)
	}
	var out bytes.Buffer
	br := bufio.NewReaderSize(r, 64*1024)
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			t := bytes.TrimRight(line, "\r\n")
			if len(t) == 1 && t[0] == '.' && len(line) > 1 {
				return out.Bytes(), nil
			}
			out.Write(line)
			if max > 0 && int64(out.Len()) > max {
				return out.Bytes(), nil
			}
		}
		if err == io.EOF {
			return out.Bytes(), nil
		}
		if err != nil {
			return out.Bytes(), err
		}
	}
}

// setTimeMacros sets $a, $b, $d and $t for time t.
func (m *MTA) setTimeMacros(t time.Time) {
	tm := m.timeMacros.Load()
	if tm == nil || tm.sec != t.Unix() || tm.loc != t.Location() {
		// (made once a second: a server queues many messages in one)
		tm = &timeMacros{sec: t.Unix(), loc: t.Location(), date: dsn.Date(t),
			ctime: t.Format("Mon Jan _2 15:04:05 2006"), t: t.UTC().Format("200601021504")}
		m.timeMacros.Store(tm)
	}
	m.setMacro("a", tm.date)
	m.setMacro("b", tm.date)
	m.setMacro("d", tm.ctime)
	m.setMacro("t", tm.t)
}

// timeMacros are the values of $a, $b, $d and $t for one second.
type timeMacros struct {
	sec            int64
	loc            *time.Location
	date, ctime, t string
}

// Submit takes a message from the command line: it reads it, adds the
// header fields the .cf asks for, expands the recipients, queues it
// durably and delivers it as DeliveryMode says. It returns sendmail's
// exit status.
func (m *MTA) Submit(s *Submission) int {
	now := m.now()
	who, full := invoker()
	sender := s.Sender
	if sender == "" {
		sender = who
	}
	if sender != who {
		// the full name is the sender's own, if a local user
		full = ""
		if !strings.ContainsAny(sender, "@!%") {
			if u, err := user.Lookup(sender); err == nil {
				full, _, _ = strings.Cut(u.Name, ",")
			}
		}
	}
	if s.FullName != "" {
		full = s.FullName
	}
	if !s.FromHeader && len(s.Recipients) == 0 {
		fmt.Fprintln(m.Out, "Recipient names must be specified")
		return exUsage
	}
	data, err := readMessage(s.Input, s.IgnoreDots, m.MaxMessageSize)
	if err != nil {
		fmt.Fprintf(m.Err, "collect: I/O error on input: %v\n", err)
		return exIOErr
	}
	if m.MaxMessageSize > 0 && int64(len(data)) > m.MaxMessageSize {
		fmt.Fprintf(m.Err, "%s... Message is too large; %d bytes max\n", sender, m.MaxMessageSize)
		return exDataErr
	}
	data, bodyType, eight := bodyBits(data, s.BodyType, m.SevenBitInput)
	user, body := splitMessage(data)
	hops := s.Hops
	for _, h := range user {
		switch strings.ToLower(h.Name) {
		case "received", "via", "mail-from":
			hops++
		}
	}

	id := m.Queue.IDs.Next()
	m.setTimeMacros(now)
	m.setMacro("i", id)
	m.setMacro("g", sender)
	m.setMacro("f", sender)
	if full != "" {
		m.setMacro("x", full)
	}
	m.setMacro("_", who+"@localhost")
	if s.Protocol != "" {
		p, h, _ := strings.Cut(s.Protocol, ":")
		m.setMacro("r", p)
		if h != "" {
			m.setMacro("s", h)
		}
	}
	if len(s.Recipients) == 1 {
		m.setMacro("u", s.Recipients[0])
	}
	if s.Sender != "" && sender != who && !m.Cf.InClass("t", who) {
		user = append([]queue.Header{{HasCond: true, Name: "X-Authentication-Warning",
			Value: " " + m.hostName() + ": " + who + " set sender to " + sender + " using -f"}}, user...)
	}
	hdrs := m.addDefaults(user)

	list := &rcptList{m: m}
	for _, a := range s.Recipients {
		list.addList(a, nil, 0)
	}
	if s.FromHeader {
		for _, v := range recipientFields(user) {
			list.addList(v, nil, 0)
		}
	}
	maxHops := 25
	if v, ok := m.Cf.Option("MaxHopCount"); ok && atoi(v) > 0 {
		maxHops = atoi(v)
	}
	if hops > maxHops {
		// a mail loop: every recipient fails, the sender hears of it
		for _, r := range list.all {
			if r.state == sOK {
				r.state = sBad
				r.Status = newStatus(deliver.PermFail, 554, "5.4.6", fmt.Sprintf("Too many hops %d (%d max)", hops, maxHops))
			}
		}
		fmt.Fprintf(m.Err, "Too many hops %d (%d max): from %s, to %s\n", hops, maxHops, sender, strings.Join(s.Recipients, ", "))
	}
	if s.Notify != "" {
		for _, r := range list.all {
			if r.Primary || r.parent != nil {
				r.Notify = notifyLetters(s.Notify)
			}
		}
	}
	noRcpt := len(list.all) == 0
	if noRcpt {
		// sendmail says so and returns the message to its sender
		fmt.Fprintln(m.Out, "No recipient addresses found in header")
	}

	env := &queue.Envelope{
		Created:  now.Unix(),
		Sender:   sender,
		EnvID:    s.EnvID,
		BodyType: bodyType,
		Auth:     who + "@" + m.hostName(),
		Macros: []queue.Macro{{Name: "_", Value: who + "@localhost"},
			{Name: "daemon_flags", Value: "c u"}},
		Headers:    hdrs,
		Quarantine: s.Quarantine,
	}
	if s.Protocol != "" {
		p, h, _ := strings.Cut(s.Protocol, ":")
		env.Macros = append(env.Macros, queue.Macro{Name: "r", Value: p})
		if h != "" {
			env.Macros = append(env.Macros, queue.Macro{Name: "s", Value: h})
		}
	}
	env.Flags = envFlags(eight, hdrs, s.Ret) + "s" // s: sendmail has split the envelope by queue group
	nrcpt := 0
	for _, r := range list.all {
		if r.parent == nil { // the recipients the sender named
			nrcpt++
		}
	}
	env.Priority = int64(len(data)) + 30000*int64(nrcpt)
	var queued []*Rcpt
	dsnType := m.senderAddrType(sender)
	for _, r := range list.all {
		if r.state == sOK || r.state == sQueueUp {
			env.Recipients = append(env.Recipients, m.queueRcptFrom(r, dsnType))
			queued = append(queued, r)
		}
	}
	// failures found now: reported now
	exit := exOK
	var failed []*Rcpt
	for _, r := range list.all {
		if r.state == sBad {
			failed = append(failed, r)
			if exit == exOK {
				exit = exitFor(r)
			}
		}
	}
	if noRcpt {
		en, err := m.Queue.CreateID(m.Queue.Groups[0].Dirs[0], id, env, bytes.NewReader(body))
		if err != nil {
			fmt.Fprintf(m.Err, "queueup: cannot create queue file: %v\n", err)
			return exCantCreat
		}
		m.notifySender(env, en, nil, "No recipient addresses found in header\n", false, "", now)
		en.Remove()
		return exOK
	}
	if len(env.Recipients) == 0 && len(failed) == 0 {
		return exOK
	}
	var en *queue.Entry
	if len(env.Recipients) > 0 || len(failed) > 0 {
		en, err = m.Queue.CreateID(m.Queue.Groups[0].Dirs[0], id, env, bytes.NewReader(body))
		if err != nil {
			fmt.Fprintf(m.Err, "queueup: cannot create queue file: %v\n", err)
			return exCantCreat
		}
		proto, _, _ := strings.Cut(s.Protocol, ":")
		m.logAccepted(id, env, len(data), len(env.Recipients)+len(failed), proto, "", who+"@localhost")
	}
	if len(failed) > 0 {
		// the errors were printed (ErrorMode p) to a sender who is the
		// user running sendmail: a copy goes to ~/dead.letter;
		// otherwise the sender is mailed
		switch {
		case m.ErrorMode == 'p' && sender == who:
			m.deadLetter(env, body)
		case m.ErrorMode != 'q' && m.ErrorMode != 'e':
			m.bounce(env, en, failed, now)
		}
	}
	if len(env.Recipients) == 0 {
		en.Remove()
		return exit
	}
	switch m.DeliveryMode {
	case 'q', 'd':
		m.logQueued(id, env, queued)
		en.Close()
	case 'b':
		if m.Background != nil {
			en.Close()
			if err := m.Background(en.ID); err != nil {
				fmt.Fprintf(m.Err, "cannot start background delivery: %v\n", err)
			}
			break
		}
		fallthrough
	default:
		if x := m.runEntry(en); x != exOK && exit == exOK {
			exit = x
		}
	}
	return exit
}

func exitFor(r *Rcpt) int {
	if r.Status == nil {
		return exSoftware
	}
	if r.Status.Exit != 0 {
		return r.Status.Exit
	}
	switch r.Status.Code {
	case 550:
		if r.Status.Enhanced == "5.1.1" {
			return exNoUser
		}
		return exUnavailable
	case 553:
		return exNoUser
	}
	if r.Status.Code/100 == 4 {
		return exTempFail
	}
	return exUnavailable
}

func has8bit(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// bodyBits applies the body type the sender declared (BODY=, -B) to a
// message (header and body) as sendmail 8.17 does when it collects one:
// with 7BIT, or with none when seven (the SevenBitInput option) is set,
// every byte loses its eighth bit, and the type is kept as given; with 8BITMIME (any case) the type
// becomes "7BIT" when no byte has its eighth bit set, "8BITMIME" when
// one in the header has, and stays as given when only the body has
// some. eight tells whether such bytes remain (qf flag 8).
func bodyBits(data []byte, given string, seven bool) (out []byte, bodyType string, eight bool) {
	if strings.EqualFold(given, "7bit") || given == "" && seven {
		if has8bit(data) {
			data = bytes.Clone(data)
			for i := range data {
				data[i] &= 0x7f
			}
		}
		return data, given, false
	}
	_, body := splitMessage(data)
	head8 := has8bit(data[:len(data)-len(body)])
	eight = head8 || has8bit(body)
	if strings.EqualFold(given, "8bitmime") {
		switch {
		case !eight:
			given = "7BIT"
		case head8:
			given = "8BITMIME"
		}
	}
	return data, given, eight
}

// envFlags is the F record of a new message, less s: 8 when a byte of
// header or body has its eighth bit set; b (Bcc: deleted at delivery)
// when the header has a To:, Cc: or Apparently-To: field, whatever its
// value; d when the sender gave RET=, n when it was HDRS; in the order
// sendmail writes them.
//
// One difference, on purpose: b is also set when the header has none of
// those but a Bcc: or Resent-Bcc: field with addresses in it. sendmail
// then sends "Bcc:" with its value cleared; our delivery (putHeaders)
// does not clear it and would pass the blind copies' addresses on, so
// the field is deleted instead.
func envFlags(eight bool, hdrs []queue.Header, ret string) string {
	flags := ""
	if eight {
		flags += "8"
	}
	rcptField, bcc := false, false
	for _, h := range hdrs {
		switch strings.ToLower(h.Name) {
		case "to", "cc", "apparently-to":
			rcptField = true
		case "bcc", "resent-bcc":
			bcc = bcc || strings.TrimSpace(h.Value) != ""
		}
	}
	if rcptField || bcc {
		flags += "b"
	}
	if ret != "" {
		flags += "d"
		if strings.EqualFold(ret, "hdrs") {
			flags += "n"
		}
	}
	return flags
}

// notifyLetters turns -N never|success,failure,delay into R flags.
func notifyLetters(v string) string {
	out := "N"
	for _, w := range strings.Split(strings.ToLower(v), ",") {
		switch strings.TrimSpace(w) {
		case "success":
			out += "S"
		case "failure":
			out += "F"
		case "delay":
			out += "D"
		}
	}
	return out
}

// queueRcpt is the R record (and the C, r records) of a recipient of a
// message whose sender is the null sender (a return, a warning).
func (m *MTA) queueRcpt(r *Rcpt) queue.Recipient {
	return m.queueRcptFrom(r, m.senderAddrType(""))
}

// queueRcptFrom is the R record (and the C, r records) of a recipient;
// dsnType is the envelope sender's address type (senderAddrType).
func (m *MTA) queueRcptFrom(r *Rcpt, dsnType string) queue.Recipient {
	flags := ""
	if r.Primary {
		flags += "P"
	}
	flags += r.Notify
	if r.parent != nil {
		flags += "A"
	}
	qr := queue.Recipient{Flags: flags, Address: r.qfAddr(), Ctl: r.Ctl, ORcpt: r.ORcpt}
	qr.FinalRcpt = m.finalRcpt(r, dsnType)
	if r.Status != nil && r.state == sQueueUp {
		qr.Message = r.Status.Text
	}
	return qr
}

// senderAddrType is the address type (the second part of T=) of the
// mailer the envelope sender resolves to, which names the type of every
// DSN final recipient of the message: "rfc822" when that mailer has
// none (or the sender does not resolve). The null sender is "<>".
func (m *MTA) senderAddrType(sender string) string {
	if sender == "" {
		sender = "<>"
	}
	a, _, err := m.Cf.Resolve(sender, ruleset.AsSender)
	if err != nil || a.Mailer == nil || a.Mailer.AddrType == "" {
		return "rfc822"
	}
	return a.Mailer.AddrType
}

// finalRcpt is the DSN final recipient of r (its r record), taken, as
// sendmail takes it, from the address the sender named that r comes
// from (top, with its user part u after rulesets 0, 2, R= and 4):
// "TYPE; u" when u has an '@'; else "TYPE; ADDR" when the address as
// given has one (ADDR: the address without its angle brackets; the
// route, the case and a trailing dot are kept); else "TYPE; u@$j".
// TYPE is the sender's address type; when that is not rfc822, the final
// recipient is top's mailer's type and u.
func (m *MTA) finalRcpt(r *Rcpt, dsnType string) string {
	top := r
	for top.parent != nil {
		top = top.parent
	}
	u := top.User
	if top.Mailer == nil || top.Mailer == includeMailer || top.Mailer == errorMailer {
		u = top.Addr
	}
	if !strings.EqualFold(dsnType, "rfc822") {
		t := "rfc822"
		if top.Mailer != nil && top.Mailer.AddrType != "" {
			t = top.Mailer.AddrType
		}
		return t + "; " + trunc(u, 800)
	}
	if strings.Contains(u, "@") {
		return dsnType + "; " + trunc(u, 800)
	}
	if a := top.Addr; strings.Contains(a, "@") {
		if strings.HasPrefix(a, "<") {
			a = strings.TrimSuffix(a[1:], ">")
		}
		return dsnType + "; " + trunc(a, 800)
	}
	return dsnType + "; " + trunc(u, 700) + "@" + trunc(m.hostName(), 100)
}

// trunc is s cut to n bytes at most (sendmail's %.Ns).
func trunc(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// qfAddr is how a recipient is written in the queue: the address as it
// was given (quotes kept), which resolves again to the same mailer.
func (r *Rcpt) qfAddr() string { return r.Addr }

// deadLetter keeps a copy of a message that could not be delivered for
// the sender, in ~/dead.letter, as sendmail does in ErrorMode p.
func (m *MTA) deadLetter(env *queue.Envelope, body []byte) {
	home, err := os.UserHomeDir()
	if err != nil {
		return
	}
	path := home + "/dead.letter"
	var b bytes.Buffer
	for _, h := range env.Headers {
		if h.Cond != "" {
			continue
		}
		b.WriteString(h.Name + ":" + h.Value + "\n")
	}
	b.WriteByte('\n')
	b.Write(body)
	msg := newMessage(env.Sender, m.now(), b.Bytes())
	if st := m.File.Deliver(path, msg); st.OK() {
		fmt.Fprintf(m.Err, "%s... Saved message in %s\n", path, path)
	}
}
