package smtpd

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/gosendmail/gosendmail/dsn"
	"github.com/gosendmail/gosendmail/mta"
)

// maxCommandLine is the longest command line sendmail takes (its
// 2048-byte buffer less CR LF); a longer one closes the connection.
const maxCommandLine = 2046

// maxBadCommands is how many unknown or refused commands a client may
// give; the next one closes the connection.
const maxBadCommands = 25

// errClose ends a session after the reply that was written.
var errClose = errors.New("smtpd: session closed")

// session is one SMTP connection.
type session struct {
	srv  *Server
	m    *mta.MTA
	o    *options
	conn net.Conn // nil for -bs
	raw  net.Conn // the connection as accepted (under srv.mu)
	r    *bufio.Reader
	w    *bufio.Writer
	// locked: the MTA's lock is held; replies written meanwhile wait
	// in w (pending) for unlock, or for the next read, so that no
	// other session waits on the lock while this one's reply goes
	// through the network stack. werr is a write error found then.
	locked, pending bool
	werr            error
	// the read and write deadlines last set (zero after anything else
	// set them)
	rd, wd deadline

	macros  map[string]string // the session's macros, installed under the lock
	host    string            // $j
	peer    string            // $_: "name [addr]"
	helo    string
	esmtp   bool
	tls     bool
	auth    string // the authenticated user
	verbose bool
	mods    string // the daemon's M= modifiers

	attack     [4]int            // commands an attacker repeats: see slowDown
	nullserver string            // the check_relay refusal every command gets
	protoErr   bool              // a command came before the HELO/EHLO reply was read
	rcptSeen   map[string]string // recipients accepted: key -> as first given
	retSeen    bool              // RET= given since the last reset (sendmail keeps it over a refused MAIL)
	envidSeen  bool              // ENVID= likewise
	discardAll bool              // check_relay said $#discard
	badCmds    int

	// the mail transaction
	tx         *mta.Transaction
	sender     string // as given, for replies
	mailDone   bool
	discard    bool
	msgSize    int64 // SIZE=
	nrcpts     int
	badRcpts   int
	mailParams map[string]string

	lineBuf []byte // readDataLine's
}

// lock takes the MTA's lock and installs the session's macros.
func (s *session) lock() {
	s.m.Lock()
	s.locked = true
	for k, v := range s.macros {
		s.m.Cf.SetMacro(k, v)
	}
}

func (s *session) unlock() {
	s.locked = false
	s.m.Unlock()
	s.flushPending()
}

// released notes that the MTA's lock was let go by the one that was
// given it (Transaction.Accept).
func (s *session) released() {
	s.locked = false
	s.flushPending()
}

// flushPending sends what replies wait in w: before any read from the
// client that may wait, for the client may be waiting for them. While
// a whole line of the client's waits in the read buffer (a pipelining
// client's next command, RFC 2920), reading it waits for nothing: the
// replies stay in w and leave together, in one segment, as sendmail's
// do.
func (s *session) flushPending() {
	if s.pending && !s.lineBuffered() {
		s.flushNow()
	}
}

// flushAll sends what replies wait in w, whatever waits to be read.
func (s *session) flushAll() {
	if s.pending {
		s.flushNow()
	}
}

// setMacro sets a session macro (installed at the next lock).
func (s *session) setMacro(name, v string) { s.macros[name] = v }

// reply writes one reply line; enh is the enhanced status code ("" for
// none).
func (s *session) reply(code int, enh, text string) error {
	if code >= 400 {
		// an error reply's text is the envelope's M record until the
		// envelope is cleared (Transaction.Message), whichever command
		// it answers (a refused MAIL, RCPT, VRFY, an unknown one ...)
		s.envelope().Message = text
	}
	s.w.WriteString(strconv.Itoa(code))
	s.w.WriteByte(' ')
	if enh != "" {
		s.w.WriteString(enh)
		s.w.WriteByte(' ')
	}
	s.w.WriteString(text)
	s.w.WriteString("\r\n")
	return s.flush()
}

// replyLines writes a multi-line reply.
func (s *session) replyLines(code int, enh string, lines []string) error {
	for i, l := range lines {
		s.w.WriteString(strconv.Itoa(code))
		if i < len(lines)-1 {
			s.w.WriteByte('-')
		} else {
			s.w.WriteByte(' ')
		}
		if enh != "" {
			s.w.WriteString(enh)
			s.w.WriteByte(' ')
		}
		s.w.WriteString(l)
		s.w.WriteString("\r\n")
	}
	return s.flush()
}

// replyAddr answers about an address as sendmail's usrerr does: the
// address is shown ("<a@b>... text") only with the codes that are about
// one (250, 252, 450, 550, 553).
func (s *session) replyAddr(code int, enh, addr, text string) error {
	switch code {
	case 250, 252, 450, 550, 553:
		if addr != "" {
			text = shorten(addr) + "... " + text
		}
	}
	return s.reply(code, enh, text)
}

func (s *session) flush() error {
	if s.locked || s.lineBuffered() {
		s.pending = true
		return s.werr
	}
	return s.flushNow()
}

func (s *session) flushNow() error {
	s.pending = false
	if s.conn != nil {
		if now := time.Now(); s.wd.due(s.o.tMisc+time.Minute, now) {
			s.conn.SetWriteDeadline(now.Add(s.wd.timeout))
		}
	}
	err := s.w.Flush()
	if err != nil && s.werr == nil {
		s.werr = err
	}
	return err
}

// readDeadline makes the connection's reads fail timeout from now (see
// deadline).
func (s *session) readDeadline(timeout time.Duration) {
	if s.conn == nil {
		return
	}
	if now := time.Now(); s.rd.due(timeout, now) {
		s.conn.SetReadDeadline(now.Add(timeout))
	}
}

// deadline is a connection deadline last set timeout after set. One for
// the same timeout set less than a tenth of it ago is left as it is
// (each renewal resets a runtime timer): the wait it bounds is at least
// nine tenths of timeout.
type deadline struct {
	timeout time.Duration
	set     time.Time
}

// due tells whether a deadline timeout after now must be set, and if so
// notes it as set.
func (d *deadline) due(timeout time.Duration, now time.Time) bool {
	if timeout == d.timeout && now.Sub(d.set) <= timeout/10 {
		return false
	}
	d.timeout, d.set = timeout, now
	return true
}

// errTooLong is a command line longer than maxCommandLine.
var errTooLong = errors.New("line too long")

// readCommand reads one command line (ended by LF, a CR before it
// dropped, cut at a NUL).
func (s *session) readCommand(timeout time.Duration) (string, error) {
	s.flushPending()
	s.readDeadline(timeout)
	var line []byte
	for {
		frag, err := s.r.ReadSlice('\n')
		line = append(line, frag...)
		if len(line) > maxCommandLine+2 {
			return "", errTooLong
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			if err == io.EOF && len(line) > 0 {
				break
			}
			return "", err
		}
		break
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) > maxCommandLine {
		return "", errTooLong
	}
	if i := bytes.IndexByte(line, 0); i >= 0 {
		line = line[:i]
	}
	return string(line), nil
}

// greet runs check_relay and writes the greeting; it returns errClose
// when the client is turned away.
func (s *session) greet() error {
	s.lock()
	v := s.check("check_relay", s.macros["client_name"], s.macros["client_addr"], true)
	now := s.m.Now()
	s.m.Cf.SetMacro("b", dsn.Date(now))
	s.macros["b"] = dsn.Date(now)
	s.host = s.m.Cf.ExpandText("$j")
	greeting := s.m.Cf.Expand(s.o.greeting)
	pause := verdict{}
	if v.kind == vAccept && s.conn != nil {
		pause = s.check("greet_pause", s.macros["client_name"], s.macros["client_addr"], true)
	}
	s.unlock()
	if pause.kind == vNumber && pause.code > 0 && s.greetPause(time.Duration(pause.code)*time.Millisecond) {
		// the client spoke first: FEATURE(greet_pause) turns it away
		s.nullserver = "550 5.0.0 Command rejected"
		return s.reply(554, "", s.host+" ESMTP not accepting messages")
	}
	switch v.kind {
	case vError:
		if v.code == 421 {
			s.reply(421, v.enh, v.text)
			return errClose
		}
		s.nullserver = v.line()
	case vDiscard:
		s.discardAll = true
	}
	// "HOST ESMTP rest": ESMTP goes after the first word
	first, rest, _ := strings.Cut(greeting, " ")
	if !strings.Contains(greeting, "ESMTP") {
		first += " ESMTP"
	}
	if rest != "" {
		first += " " + rest
	}
	lines := strings.Split(first, "\n")
	return s.replyLines(220, "", lines)
}

// greetPause waits d before the greeting and tells whether the client
// sent anything meanwhile.
func (s *session) greetPause(d time.Duration) bool {
	s.flushAll()
	s.conn.SetReadDeadline(time.Now().Add(d))
	_, err := s.r.Peek(1)
	s.conn.SetReadDeadline(time.Time{})
	s.rd = deadline{}
	return err == nil
}

// run is the command loop.
func (s *session) run() {
	defer s.srv.sessionDone(s)
	defer s.flushAll() // the last reply (221, 421) before the end
	if err := s.greet(); err != nil {
		return
	}
	for {
		timeout := s.o.tCommand
		line, err := s.readCommand(timeout)
		if err == errTooLong {
			s.reply(421, "4.7.0", s.host+" Command too long, possible attack "+s.peer)
			return
		}
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || errors.Is(err, io.ErrClosedPipe) {
				return
			}
			// a read timeout (Timeout.command) ends the session without
			// a word, as in sendmail
			return
		}
		if err := s.command(line); err != nil || s.werr != nil {
			return
		}
	}
}

// command runs one command line.
func (s *session) command(line string) error {
	line = strings.TrimLeft(line, " \t")
	verb, arg := line, ""
	if i := strings.IndexAny(line, " \t"); i >= 0 {
		verb, arg = line[:i], strings.TrimLeft(line[i+1:], " \t")
	}
	c := lookupCommand(verb)
	if c == nil {
		if strings.EqualFold(verb, "TURN") {
			return s.badCommand(502, "5.5.1", "Command not implemented: \""+line+"\"")
		}
		return s.badCommand(500, "5.5.1", "Command unrecognized: \""+line+"\"")
	}
	if s.protoErr && !c.nullOK {
		return s.reply(550, "5.0.0", "Command rejected")
	}
	if s.nullserver != "" && !c.nullOK {
		if s.tooManyBad() {
			return errClose
		}
		return s.rawReply(s.nullserver)
	}
	return c.run(s, arg)
}

// badCommand answers a bad command and counts it.
func (s *session) badCommand(code int, enh, text string) error {
	if s.tooManyBad() {
		return errClose
	}
	return s.reply(code, enh, text)
}

// tooManyBad counts a bad command; past maxBadCommands it answers 421
// instead of the command's reply.
func (s *session) tooManyBad() bool {
	s.badCmds++
	if s.badCmds > maxBadCommands {
		s.reply(421, "4.7.0", s.host+" Too many bad commands; closing connection")
		return true
	}
	return false
}

// rawReply writes a reply kept as one line ("550 5.7.1 text").
func (s *session) rawReply(l string) error {
	s.w.WriteString(l)
	s.w.WriteString("\r\n")
	return s.flush()
}

// reset ends the mail transaction.
func (s *session) reset() {
	s.tx = nil
	s.sender = ""
	s.mailDone = false
	s.discard = false
	s.msgSize = 0
	s.nrcpts = 0
	s.mailParams = nil
	s.rcptSeen = nil
	s.retSeen, s.envidSeen = false, false
	for _, k := range []string{"mail_addr", "mail_host", "mail_mailer", "rcpt_addr", "rcpt_host", "rcpt_mailer", "msg_size", "nrcpts", "ntries", "i"} {
		s.macros[k] = "" // installed over the last transaction's at the next lock
	}
}

// shorten cuts a long address for a reply as sendmail does: its first
// and last 100 characters around "...".
func shorten(a string) string {
	if len(a) < 203 {
		return a
	}
	return a[:100] + "..." + a[len(a)-100:]
}
