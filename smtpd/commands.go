package smtpd

import (
	"bytes"
	"errors"
	osuser "os/user"
	"strconv"
	"strings"
	"time"

	"github.com/gosendmail/gosendmail/deliver"
	"github.com/gosendmail/gosendmail/mta"
	"github.com/gosendmail/gosendmail/queue"
	"github.com/gosendmail/gosendmail/ruleset"
)

// Repeated commands that do nothing for a message slow the session down
// as sendmail does: past a limit, each one waits 1, 2, 4 ... seconds.
const (
	attackNoop = iota // NOOP, VERB: MaxNOOPCommands (20)
	attackHelo        // HELO, EHLO: 3
	attackVrfy        // VRFY, EXPN: 6
	attackEtrn        // ETRN: 8
)

var attackLimits = [4]int{20, 3, 6, 8}

// slowDown counts a command of a class and pauses when there were too
// many.
func (s *session) slowDown(class int) {
	s.attack[class]++
	limit := attackLimits[class]
	if class == attackNoop && s.o.maxNoop > 0 {
		limit = s.o.maxNoop
	}
	if n := s.attack[class] - limit; n >= 0 && s.srv.Sleep != nil {
		s.srv.Sleep(time.Second << min(n, 8))
	}
}

// command is one SMTP verb.
type command struct {
	name string
	// nullOK: still answered when check_relay refused the client
	// (every other command gets check_relay's refusal).
	nullOK bool
	run    func(s *session, arg string) error
}

var commands []command

func init() {
	commands = []command{
		{"HELO", true, (*session).cmdHelo},
		{"EHLO", true, (*session).cmdEhlo},
		{"MAIL", false, (*session).cmdMail},
		{"RCPT", false, (*session).cmdRcpt},
		{"DATA", false, (*session).cmdData},
		{"RSET", true, (*session).cmdRset},
		{"NOOP", true, (*session).cmdNoop},
		{"QUIT", true, (*session).cmdQuit},
		{"HELP", false, (*session).cmdHelp},
		{"VRFY", false, (*session).cmdVrfy},
		{"EXPN", false, (*session).cmdExpn},
		{"VERB", false, (*session).cmdVerb},
		{"ETRN", false, (*session).cmdEtrn},
		{"STARTTLS", false, (*session).cmdStarttls},
		{"AUTH", false, (*session).cmdAuth},
	}
}

func lookupCommand(verb string) *command {
	for i := range commands {
		if strings.EqualFold(commands[i].name, verb) {
			return &commands[i]
		}
	}
	return nil
}

func (s *session) cmdHelo(arg string) error {
	s.slowDown(attackHelo)
	return s.hello("HELO", arg, false)
}

func (s *session) cmdEhlo(arg string) error {
	s.slowDown(attackHelo)
	return s.hello("EHLO", arg, true)
}

// hello answers HELO and EHLO; either ends a mail transaction.
func (s *session) hello(verb, arg string, esmtp bool) error {
	if s.protoErr || s.r.Buffered() > 0 {
		// the client did not wait for this reply (RFC 2920)
		s.protoErr = true
		return s.reply(554, "5.5.0", "SMTP protocol error")
	}
	// a HELO or EHLO refused for its argument still sets the protocol
	// ($r) it names, as in sendmail; $s stays
	if arg == "" {
		s.esmtp = esmtp
		s.setProtocol()
		return s.reply(501, "5.0.0", verb+" requires domain address")
	}
	arg = strings.TrimRight(arg, " \t")
	for i := 0; i < len(arg); i++ {
		// blanks, controls, 8-bit bytes and RFC 822 specials but ".:[]"
		if c := arg[i]; c <= ' ' || c >= 0x7f || strings.IndexByte("()<>@,;\\\"", c) >= 0 {
			s.esmtp = esmtp
			s.setProtocol()
			return s.reply(501, "5.0.0", "Invalid domain name")
		}
	}
	if s.helo != "" || s.mailDone {
		// the first HELO of a session leaves the envelope as it is
		// (a refused MAIL's parameters, an error reply's text) unless
		// a MAIL was accepted; later ones clear it, as in sendmail
		s.reset()
	}
	s.helo, s.esmtp = arg, esmtp
	s.setMacro("s", arg)
	s.setProtocol()
	first := s.host + " Hello " + s.peer + ", pleased to meet you"
	if !esmtp {
		return s.reply(250, "", first)
	}
	lines := []string{first, "ENHANCEDSTATUSCODES"}
	if s.nullserver == "" {
		lines = append(lines, s.ehloKeywords()...)
	}
	return s.replyLines(250, "", lines)
}

// setProtocol sets $r: SMTP or ESMTP, with S under TLS and A once
// authenticated (ESMTPSA), as the reference's Received lines say.
func (s *session) setProtocol() {
	r := "SMTP"
	if s.esmtp {
		r = "ESMTP"
	}
	if s.tls {
		r += "S"
	}
	if s.auth != "" {
		r += "A"
	}
	s.setMacro("r", r)
}

// ehloKeywords lists the extensions offered, in sendmail's order.
func (s *session) ehloKeywords() []string {
	o := s.o
	kw := []string{"PIPELINING"}
	if !o.privacy["noexpn"] {
		kw = append(kw, "EXPN")
	}
	if !o.privacy["noverb"] {
		kw = append(kw, "VERB")
	}
	kw = append(kw, "8BITMIME")
	if o.maxMsgSize > 0 {
		kw = append(kw, "SIZE "+strconv.FormatInt(o.maxMsgSize, 10))
	} else {
		kw = append(kw, "SIZE")
	}
	kw = append(kw, "DSN")
	if !o.privacy["noetrn"] && !strings.Contains(s.mods, "E") {
		kw = append(kw, "ETRN")
	}
	if m := s.authMechanisms(); len(m) > 0 {
		kw = append(kw, "AUTH "+strings.Join(m, " "))
	}
	if s.srv.tlsConfig(o) != nil && !s.tls && s.conn != nil {
		kw = append(kw, "STARTTLS")
	}
	return append(kw, "DELIVERBY", "HELP")
}

// prescanStatus gives the enhanced codes sendmail's parser uses for its
// own syntax errors (ParseAddress reports them all as 5.1.3).
var prescanStatus = map[string]string{
	"Unbalanced '<'":          "5.0.0",
	"Unbalanced '>'":          "5.0.0",
	"Unbalanced '\"'":         "5.0.0",
	"Unbalanced '('":          "5.0.0",
	"Unbalanced ')'":          "5.0.0",
	"prescan: token too long": "5.1.0",
	"Null address":            "5.0.0",
}

// maxName is sendmail's MAXNAME: the longest address, and one less
// than the longest token.
const maxName = 256

// addrTooLong is sendmail's parser's refusal of an address over its
// limits, and the address its reply shows (a long one cut).
func addrTooLong(toks []string, addr string) (*ruleset.AddrError, string) {
	for _, t := range toks {
		if len(t) > maxName {
			return &ruleset.AddrError{Code: 553, Status: "5.1.0", Text: "prescan: token too long"}, addr
		}
	}
	if len(addr) >= maxName {
		cut := addr[:maxName-1]
		return &ruleset.AddrError{Code: 553, Status: "5.1.0", Text: "Address \"" + cut + "\" too long (255 bytes max)"}, cut
	}
	return nil, addr
}

// parseAddr resolves an envelope address; the caller holds the lock.
func (s *session) parseAddr(addr string, flags int) (ruleset.Address, *ruleset.AddrError) {
	a, err := s.m.Cf.ParseAddress(addr, flags)
	if err == nil {
		return a, nil
	}
	var ae *ruleset.AddrError
	if !errors.As(err, &ae) {
		return a, &ruleset.AddrError{Code: 553, Status: "5.0.0", Text: err.Error()}
	}
	if st, ok := prescanStatus[ae.Text]; ok && ae.Status == "5.1.3" {
		e := *ae
		e.Status = st
		return a, &e
	}
	return a, ae
}

// bareAddr strips the angle brackets of "<a@b>".
func bareAddr(a string) string {
	if len(a) >= 2 && a[0] == '<' && a[len(a)-1] == '>' {
		return a[1 : len(a)-1]
	}
	return a
}

func (s *session) cmdMail(arg string) error {
	if s.mailDone {
		return s.reply(503, "5.5.0", "Sender already specified")
	}
	if s.o.privacy["needmailhelo"] && s.helo == "" {
		return s.reply(503, "5.0.0", "Polite people say HELO first")
	}
	if strings.Contains(s.mods, "a") && s.auth == "" {
		return s.reply(530, "5.7.0", "Authentication required")
	}
	pa, word, ok := parsePath(arg, "FROM")
	if !ok {
		return s.reply(501, "5.5.2", "Syntax error in parameters scanning \""+word+"\"")
	}
	if bad := badEnvelopeChar(pa.addr); bad {
		return s.reply(501, "5.5.2", "Syntax error in parameters scanning \"FROM\"")
	}
	if e := eightBit(pa.addr); e != "" {
		return s.reply(501, "5.1.7", e)
	}
	sender := bareAddr(pa.addr)
	s.lock()
	defer s.unlock()
	var a ruleset.Address
	if sender != "" {
		var ae *ruleset.AddrError
		if ae, shown := addrTooLong(s.m.Cf.Tokens(pa.addr), pa.addr); ae != nil {
			return s.replyAddr(ae.Code, ae.Status, shown, ae.Text)
		}
		if a, ae = s.parseAddr(pa.addr, ruleset.AsSender); ae != nil {
			return s.replyAddr(ae.Code, ae.Status, pa.addr, ae.Text)
		}
	}
	// the parameters read go into the envelope, and stay there when a
	// later one or the MAIL is refused, until the envelope is cleared,
	// as in sendmail
	tx := s.envelope()
	seen := paramsSeen{ret: s.retSeen, envid: s.envidSeen, auth: tx.Auth != ""}
	mp, pe := parseMailParamsSeen(pa.params, &seen)
	s.retSeen, s.envidSeen = seen.ret, seen.envid
	s.keepParams(tx, mp)
	if pe != nil {
		return s.reply(pe.code, pe.enh, pe.text)
	}
	if sender != "" {
		s.setMacro("mail_addr", a.User)
		s.setMacro("mail_host", a.Host)
		if a.Mailer != nil {
			s.setMacro("mail_mailer", a.Mailer.Name)
		}
	} else {
		// <> is the local mailer's, as sendmail parses it
		s.setMacro("mail_addr", "")
		s.setMacro("mail_host", "")
		s.setMacro("mail_mailer", "local")
	}
	for _, k := range []string{"mail_addr", "mail_host", "mail_mailer"} {
		s.m.Cf.SetMacro(k, s.macros[k])
	}
	s.setMacro("f", s.blankJoin(s.m.Cf.Tokens(sender)))
	s.m.Cf.SetMacro("f", s.macros["f"])
	v := s.check("check_mail", pa.addr, "", false)
	switch v.kind {
	case vError:
		return s.replyAddr(v.code, v.enh, pa.addr, v.text)
	case vDiscard:
		s.discard = true
	}
	if mp.sizeOver {
		return s.reply(552, "5.2.3", "Message size exceeds maximum value")
	}
	if s.o.maxMsgSize > 0 && mp.size > s.o.maxMsgSize {
		return s.reply(552, "5.2.3", "Message size exceeds fixed maximum message size ("+strconv.FormatInt(s.o.maxMsgSize, 10)+")")
	}
	tx.Sender = sender
	tx.SenderAddr = nil
	if sender != "" {
		tx.SenderAddr = &a // parsed once, as sendmail's e_from
	}
	s.sender, s.mailDone, s.msgSize = pa.addr, true, mp.size
	return s.replyAddr(250, "2.1.0", pa.addr, "Sender ok")
}

// keepParams sets in the envelope the MAIL parameters it keeps. AUTH=
// (RFC 4954) is kept as given only when the client has authenticated
// and the .cf's trust_auth lets the user it authenticated as name that
// author; otherwise it is kept as <>. Without AUTH= the envelope has
// none, authenticated or not, as in sendmail. The caller holds the lock.
func (s *session) keepParams(tx *mta.Transaction, mp mailParams) {
	if mp.body != "" {
		tx.BodyType = mp.body
	}
	if mp.ret != "" {
		tx.Ret = mp.ret
	}
	if mp.hasEnvid {
		tx.EnvID = mp.envid
	}
	if mp.hasAuth {
		tx.Auth = "<>"
		if s.auth != "" && s.check("trust_auth", mp.auth, "", false).kind != vError {
			tx.Auth = mp.auth
		}
	}
	tx.DeliverBy = mp.by.apply(tx.DeliverBy)
}

// envelope is the session's envelope, the transaction MAIL starts: it
// is made before MAIL when something must be kept in it (an error
// reply's text, a refused MAIL's parameters) and lasts until the
// session resets it (RSET, HELO, EHLO, the end of DATA).
func (s *session) envelope() *mta.Transaction {
	if s.tx == nil {
		s.tx = s.m.NewTransaction("")
	}
	return s.tx
}

// badEnvelopeChar tells whether an envelope value holds a character
// that must never reach a header, a log line or a queue file.
func badEnvelopeChar(v string) bool {
	return strings.ContainsAny(v, "\r\n\x00")
}

func (s *session) cmdRcpt(arg string) error {
	if !s.mailDone {
		return s.reply(503, "5.0.0", "Need MAIL before RCPT")
	}
	if s.o.maxRcpts > 0 && s.nrcpts >= s.o.maxRcpts {
		return s.reply(452, "4.5.3", "Too many recipients")
	}
	pa, word, ok := parsePath(arg, "TO")
	if !ok {
		return s.reply(501, "5.5.2", "Syntax error in parameters scanning \""+word+"\"")
	}
	if badEnvelopeChar(pa.addr) {
		return s.reply(501, "5.5.2", "Syntax error in parameters scanning \"TO\"")
	}
	if e := eightBit(pa.addr); e != "" {
		return s.reply(501, "5.1.7", e)
	}
	if bareAddr(pa.addr) == "" {
		return s.replyAddr(553, "5.0.0", pa.addr, "User address required")
	}
	rp, pe := parseRcptParams(pa.params)
	if pe != nil {
		return s.reply(pe.code, pe.enh, pe.text)
	}
	s.lock()
	defer s.unlock()
	if ae, shown := addrTooLong(s.m.Cf.Tokens(pa.addr), pa.addr); ae != nil {
		s.badRcpt()
		return s.replyAddr(ae.Code, ae.Status, shown, ae.Text)
	}
	a, ae := s.parseAddr(pa.addr, 0)
	if ae != nil {
		s.badRcpt()
		return s.replyAddr(ae.Code, ae.Status, pa.addr, ae.Text)
	}
	s.setMacro("rcpt_addr", a.User)
	s.setMacro("rcpt_host", a.Host)
	if a.Mailer != nil {
		s.setMacro("rcpt_mailer", a.Mailer.Name)
	} else {
		s.setMacro("rcpt_mailer", "")
	}
	for _, k := range []string{"rcpt_addr", "rcpt_host", "rcpt_mailer"} {
		s.m.Cf.SetMacro(k, s.macros[k])
	}
	v := s.check("check_rcpt", pa.addr, "", false)
	switch v.kind {
	case vError:
		s.badRcpt()
		return s.replyAddr(v.code, v.enh, pa.addr, v.text)
	case vDiscard:
		// the message goes nowhere: the recipient is not looked up
		s.discard = true
		s.nrcpts++
		return s.replyAddr(250, "2.1.5", pa.addr, "Recipient ok")
	}
	key := a.Host + "\x00" + a.User
	if a.Mailer != nil {
		key = a.Mailer.Name + "\x00" + key
	}
	if first, ok := s.rcptSeen[key]; ok {
		// a duplicate is answered with the address as first given; it
		// still counts as a RCPT that named a recipient
		s.tx.AddDuplicate()
		return s.replyAddr(250, "2.1.5", first, "Recipient ok")
	}
	st := s.addRcpt(s.tx, pa.addr, &a, rp.notify, rp.orcpt)
	if st != nil {
		s.badRcpt()
		return s.replyAddr(st.Code, st.Enhanced, pa.addr, st.Text)
	}
	if s.rcptSeen == nil {
		s.rcptSeen = map[string]string{}
	}
	s.rcptSeen[key] = pa.addr
	s.nrcpts++
	return s.replyAddr(250, "2.1.5", pa.addr, "Recipient ok")
}

// badRcpt counts a refused recipient; past BadRcptThrottle each one
// costs the client a second, as in sendmail.
func (s *session) badRcpt() {
	s.badRcpts++
	if n := s.o.badRcptThrottle; n > 0 && s.badRcpts > n && s.srv.Sleep != nil {
		s.m.Unlock()
		s.srv.Sleep(time.Second)
		s.lock()
	}
}

func (s *session) cmdRset(string) error {
	s.reset()
	return s.reply(250, "2.0.0", "Reset state")
}

func (s *session) cmdNoop(string) error {
	s.slowDown(attackNoop)
	return s.reply(250, "2.0.0", "OK")
}

func (s *session) cmdQuit(string) error {
	s.reply(221, "2.0.0", s.host+" closing connection")
	return errClose
}

func (s *session) cmdVerb(string) error {
	s.slowDown(attackNoop)
	if s.o.privacy["noverb"] {
		return s.reply(502, "5.7.0", "Verbose unavailable")
	}
	s.verbose = true
	return s.reply(250, "2.0.0", "Verbose mode")
}

func (s *session) cmdEtrn(arg string) error {
	s.slowDown(attackEtrn)
	if s.o.privacy["noetrn"] || strings.Contains(s.mods, "E") {
		return s.reply(502, "5.7.0", "Sorry, we do not allow this operation")
	}
	if arg == "" {
		return s.reply(500, "5.5.2", "Parameter required")
	}
	if s.srv.RunQueue != nil {
		go s.srv.RunQueue(arg)
	}
	if g, ok := strings.CutPrefix(arg, "#"); ok {
		return s.reply(250, "2.0.0", "Queuing for queue group "+g+" started")
	}
	return s.reply(250, "2.0.0", "Queuing for node "+arg+" started")
}

func (s *session) cmdVrfy(arg string) error { return s.verify(arg, false) }
func (s *session) cmdExpn(arg string) error { return s.verify(arg, true) }

// verify answers VRFY and EXPN: the address is resolved and checked as
// a recipient would be.
func (s *session) verify(arg string, expn bool) error {
	s.slowDown(attackVrfy)
	if expn && s.o.privacy["noexpn"] {
		return s.reply(502, "5.7.0", "Sorry, we do not allow this operation")
	}
	if !expn && s.o.privacy["novrfy"] {
		return s.reply(252, "2.5.2", "Cannot VRFY user; try RCPT to attempt delivery (or try finger)")
	}
	if arg == "" {
		return s.reply(501, "5.5.2", "Argument required")
	}
	if badEnvelopeChar(arg) {
		return s.reply(501, "5.5.2", "Argument required")
	}
	s.lock()
	defer s.unlock()
	if ae, shown := addrTooLong(s.m.Cf.Tokens(arg), arg); ae != nil {
		return s.replyAddr(ae.Code, ae.Status, shown, ae.Text)
	}
	a, ae := s.parseAddr(arg, 0)
	if ae != nil {
		return s.replyAddr(ae.Code, ae.Status, arg, ae.Text)
	}
	tx := s.m.NewTransaction("")
	if st := tx.AddRcpt(arg, "", ""); st != nil {
		return s.replyAddr(st.Code, st.Enhanced, arg, st.Text)
	}
	if expn {
		return s.replyLines(250, "2.1.5", s.expand(arg))
	}
	if a.Mailer == nil || !a.Mailer.Flags['l'] {
		// not ours: it may or may not exist
		return s.reply(252, "2.1.5", "<"+bareAddr(arg)+">")
	}
	user := bareAddr(a.User)
	if i := strings.LastIndexByte(user, '@'); i >= 0 {
		user = user[:i]
	}
	return s.reply(250, "2.1.5", "<"+user+"@"+s.host+">")
}

// sessionMacros are kept in the queue file for the delivery.
func (s *session) queueMacros() []queue.Macro {
	var ms []queue.Macro
	for _, k := range []string{"_", "r", "s", "daemon_flags", "if_addr"} {
		if v := s.macros[k]; v != "" || k == "daemon_flags" {
			ms = append(ms, queue.Macro{Name: k, Value: v})
		}
	}
	if s.auth != "" {
		ms = append(ms, queue.Macro{Name: "auth_authen", Value: s.auth}, queue.Macro{Name: "auth_type", Value: s.macros["auth_type"]})
	}
	return ms
}

// blankJoin puts an address's tokens together as sendmail's parser
// does: two atoms that were apart get BlankSub ('.') between them.
func (s *session) blankJoin(toks []string) string {
	sub := byte('.')
	if v, ok := s.m.Cf.Option("BlankSub"); ok && v != "" {
		sub = v[0]
	}
	return joinTokens(toks, sub)
}

// addRcpt adds a recipient to the transaction; in VERB mode what the
// expansion reports ("alice... aliased to root") goes to the client
// first, as 050 lines.
func (s *session) addRcpt(tx *mta.Transaction, addr string, a *ruleset.Address, notify, orcpt string) *deliver.Status {
	add := func() *deliver.Status {
		if a != nil {
			return tx.AddRcptParsed(addr, *a, notify, orcpt)
		}
		return tx.AddRcpt(addr, notify, orcpt)
	}
	if !s.verbose {
		return add()
	}
	var buf bytes.Buffer
	out, verbose := s.m.Out, s.m.Verbose
	s.m.Out, s.m.Verbose = &buf, true
	st := add()
	s.m.Out, s.m.Verbose = out, verbose
	for _, l := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		if l != "" {
			s.w.WriteString("050 " + l + "\r\n")
		}
	}
	return st
}

// expand lists what EXPN shows for an address: each final recipient,
// a local user with the full name of the password file ("root
// <root@host>"), any other as "<address>".
func (s *session) expand(addr string) []string {
	var buf bytes.Buffer
	out := s.m.Out
	s.m.Out = &buf
	s.m.Verify([]string{addr})
	s.m.Out = out
	var lines []string
	for _, l := range strings.Split(buf.String(), "\n") {
		who, rest, ok := strings.Cut(l, "... deliverable: ")
		if !ok {
			continue
		}
		if !strings.HasPrefix(rest, "mailer local,") {
			lines = append(lines, "<"+bareAddr(who)+">")
			continue
		}
		user := rest[strings.LastIndex(rest, "user ")+5:]
		full := ""
		if u, err := osuser.Lookup(user); err == nil {
			full, _, _ = strings.Cut(u.Name, ",")
		}
		l := "<" + user + "@" + s.host + ">"
		if full != "" {
			l = full + " " + l
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		lines = []string{"<" + bareAddr(addr) + ">"}
	}
	return lines
}

// eightBit is sendmail's refusal of an envelope address with 8-bit
// bytes (we offer no SMTPUTF8), each shown as '?'; "" when there is none.
func eightBit(addr string) string {
	if !strings.ContainsFunc(addr, func(r rune) bool { return r >= 0x80 }) {
		return ""
	}
	b := []byte(addr)
	for i, c := range b {
		if c >= 0x80 {
			b[i] = '?'
		}
	}
	return "8-bit character in mailbox address \"" + string(b) + "\""
}
