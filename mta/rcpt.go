package mta

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gosendmail/gosendmail/deliver"
	"github.com/gosendmail/gosendmail/queue"
	"github.com/gosendmail/gosendmail/ruleset"
)

// state is where a recipient stands (sendmail's q_state).
type state int

const (
	sOK       state = iota // to be delivered
	sExpanded              // an alias, .forward or list: its expansion is delivered instead
	sDup                   // a duplicate of another recipient
	sBad                   // failed for good
	sSent                  // delivered
	sQueueUp               // failed for now: stays queued
)

// sendable tells whether a recipient is still to be delivered, now or
// later.
func (s state) sendable() bool { return s == sOK || s == sQueueUp }

// Rcpt is one recipient of an envelope.
type Rcpt struct {
	Addr         string // as given (an argument, a header, an alias's value), leading blanks dropped
	Mailer       *ruleset.Mailer
	Host, User   string
	state        state
	Status       *deliver.Status // why it failed
	Ctl          *queue.Controller
	Primary      bool   // named by the sender, or the only recipient one of its addresses became
	Notify       string // DSN NOTIFY letters: S, F, D, or N
	ORcpt, Final string
	Owner        string // the owner-LIST alias of an alias list: where its errors go
	home         string // the controlling user's home directory
	parent       *Rcpt  // the alias, .forward user or :include: it came from

	done       bool // expanded and checked: a later duplicate of it is dropped
	selfRef    bool // its own expansion names it: it stays a recipient
	final5     bool // ruleset 5 marked it done ("@user"): no alias, no ruleset 5 again
	thisPass   bool // reached while the current top-level address expanded
	goodUID    bool // uid is the user its programs and files run as
	uid        int
	bogusShell bool   // a local user without a valid shell
	userName   string // the password entry's name (goodUID)
}

// rcptList is an envelope's recipients (sendmail's send queue) in the
// order they were added, and what expanding them printed and set.
type rcptList struct {
	m   *MTA
	all []*Rcpt

	newStyle bool   // an argument had , ; < or (: blanks no longer separate addresses
	receipt  bool   // a top-level address became several recipients
	errors   int    // errors reported so far
	exit     int    // the exit status the first error that sets one gave
	where    string // "FILE: line N: " while a line of a file is expanded
	// pre is an address the caller parsed already (AddRcptParsed)
	pre *preParsed
	// vrfyOnly: recipients are checked, not expanded, as sendmail checks
	// an SMTP RCPT when it only queues (DeliveryMode queue or defer): an
	// alias is accepted as it is, a local user must exist but the
	// .forward is not read; the queue run expands them.
	vrfyOnly bool
}

// preParsed is a top-level address with what parsing it gave.
type preParsed struct {
	text string
	a    ruleset.Address
}

// Pseudo mailers for the recipients the .cf has no M line for.
var (
	errorMailer   = &ruleset.Mailer{Name: "*error*", Num: -1}
	includeMailer = &ruleset.Mailer{Name: "*include*", Num: -2}
)

func newStatus(kind deliver.Kind, code int, enh, text string) *deliver.Status {
	dsn := enh
	return &deliver.Status{Kind: kind, Code: code, Enhanced: enh, DSN: dsn, Text: text}
}

var errCannotProg = newStatus(deliver.PermFail, 550, "5.7.1", "Cannot mail directly to programs")
var errCannotFile = newStatus(deliver.PermFail, 550, "5.7.1", "Cannot mail directly to files")
var errUnknown = newStatus(deliver.PermFail, 550, "5.1.1", "User unknown")

// shows tells whether messages about recipients are printed: always in
// verify mode (-bv), else with ErrorMode p or -v.
func (l *rcptList) shows() bool {
	m := l.m
	return m.verify || m.ErrorMode == 'p' || m.Verbose
}

// say prints a message about addr ("" none) in sendmail's form:
// "FILE: line N: ADDR... TEXT".
func (l *rcptList) say(addr, text string) {
	if addr != "" {
		text = addr + "... " + text
	}
	fmt.Fprintf(l.m.Out, "%s%s\n", l.where, text)
}

// info prints an informational message (-v only).
func (l *rcptList) info(addr, text string) {
	if l.m.Verbose {
		l.say(addr, text)
	}
}

// usrerr reports an error about addr: it is counted (an error makes
// the exit status 64 if nothing else set one) and printed.
func (l *rcptList) usrerr(addr, text string) {
	l.errors++
	if l.shows() {
		l.say(addr, text)
	}
}

// setExit records an exit status unless one is set already (a
// temporary failure's EX_TEMPFAIL gives way to any later status).
func (l *rcptList) setExit(code int) {
	if l.exit == exOK || l.exit == exTempFail {
		l.exit = code
	}
}

// fail makes r bad with st, reporting it.
func (l *rcptList) fail(r *Rcpt, st *deliver.Status) {
	r.Status = st
	r.state = sBad
	l.usrerr(r.Addr, st.Text)
}

// addList adds the addresses of a list given by the sender (an
// argument, a header's value).
func (l *rcptList) addList(v string, parent *Rcpt, depth int) {
	l.sendToList(v, parent, depth)
}

// sendToList adds the addresses of list, which parent (nil for the
// sender's own) expands to, at alias depth depth. The addresses are all
// resolved first, left to right (resolving reports syntax and error
// mailer failures), then added right to left, each expanded in full
// before the next. It returns how many were added, duplicates
// included.
func (l *rcptList) sendToList(list string, parent *Rcpt, depth int) int {
	delim := byte(',')
	if parent == nil {
		// an address list of the old style is separated by blanks,
		// until one argument shows the new style
		if !l.newStyle && strings.ContainsAny(list, ",;<(") {
			l.newStyle = true
		}
		if !l.newStyle {
			delim = ' '
		}
	}
	var rs []*Rcpt
	for p := list; ; {
		p = strings.TrimLeft(p, " \t\n\r\f\v"+string(delim))
		if p == "" {
			break
		}
		text, rest := l.m.Cf.SplitAddress(p, delim)
		r := l.parse(text, p, parent)
		p = rest
		if r == nil {
			continue
		}
		if parent != nil {
			if sameAddr(parent, r) {
				parent.selfRef = true
			}
			if b := l.selfReference(r); b != nil {
				// a loop back to an address of the chain: it is kept
				// at the best place, this one is dropped
				b.selfRef = true
				continue
			}
		}
		rs = append(rs, r)
	}
	for i := len(rs) - 1; i >= 0; i-- {
		l.recipient(rs[i], depth)
	}
	return len(rs)
}

// parse resolves one address of a list, text; nil when it is nothing
// to add. Syntax errors are reported as about from, the list from this
// address on, as sendmail does.
func (l *rcptList) parse(text, from string, parent *Rcpt) *Rcpt {
	m := l.m
	r := &Rcpt{Addr: text, parent: parent, Primary: parent == nil, Notify: "FD"}
	if parent != nil {
		r.Ctl, r.home, r.Notify = parent.Ctl, parent.home, parent.Notify
	}
	var a ruleset.Address
	var syntax []string
	var err error
	if p := l.pre; p != nil && parent == nil && text == p.text {
		a = p.a
	} else {
		a, syntax, err = m.Cf.Resolve(text, 0)
	}
	for _, s := range syntax {
		l.usrerr(from, s)
	}
	if err != nil {
		var ae *ruleset.AddrError
		if !errors.As(err, &ae) {
			ae = &ruleset.AddrError{Code: 451, Status: "4.3.0", Text: err.Error(), Host: "4.3.0"}
		}
		// the error mailer: its status sets the exit status; the
		// recipient fails now, or stays queued for later when its reply
		// code is a 4xx one or the exit status is now EX_TEMPFAIL
		r.Mailer, r.Host, r.User = errorMailer, ae.Host, ae.User
		code := errorExit(ae.Host)
		l.setExit(code)
		l.fail(r, newStatus(deliver.PermFail, ae.Code, ae.Status, ae.Text))
		r.Status.Exit = code
		if ae.Temporary() || l.exit == exTempFail {
			r.state = sQueueUp
			r.Status.Kind = deliver.TempFail
		}
		return r
	}
	switch {
	case a.Include != "":
		r.Mailer, r.User = includeMailer, a.Include
	case a.Mailer == nil:
		return nil // nothing left of it but a comment
	default:
		r.Mailer, r.Host, r.User = a.Mailer, a.Host, a.User
	}
	return r
}

// recipient adds a resolved address to the list unless it is a
// duplicate, and expands it: an :include: file, an alias, a local
// user's .forward. It returns the recipient that stands for it (the
// one already listed, for a duplicate).
func (l *rcptList) recipient(a *Rcpt, depth int) *Rcpt {
	m := l.m
	if max := m.MaxAliasRecursion; depth > max {
		text := fmt.Sprintf("aliasing/forwarding loop broken (%d aliases deep; %d max)", depth, max)
		a.state = sBad
		a.Status = newStatus(deliver.PermFail, 554, "5.4.6", text)
		if a.parent != nil {
			a.parent.state, a.parent.Status = sBad, a.Status
		}
		l.usrerr("", text)
		return a
	}
	initialDead := !a.state.sendable()
	if a.state == sOK {
		l.checkSpecial(a)
	}

	// a duplicate of one already listed?
	for _, q := range l.all {
		if !sameAddr(q, a) || !(q.done || !q.Primary) {
			continue
		}
		if !q.Primary {
			if a.state.sendable() {
				l.info(a.Addr, "duplicate suppressed")
			}
			q.Primary = q.Primary || a.Primary
		} else if q.selfRef {
			q.state = a.state
		}
		a = q
		l.finish(a, depth, initialDead)
		return a
	}
	l.all = append(l.all, a)

	if a.state == sOK {
		switch a.Mailer {
		case includeMailer:
			l.include(a, depth)
		default:
			if a.Mailer.Name != "prog" && a.Mailer.Name != "*file*" {
				l.local(a, depth)
			}
		}
	}
	l.finish(a, depth, initialDead)
	return a
}

// checkSpecial refuses programs, files and :include:s named directly
// by the sender, and programs and files in the .forward of a user
// without a valid shell.
func (l *rcptList) checkSpecial(a *Rcpt) {
	var what string
	switch {
	case a.Mailer == includeMailer:
		if a.parent == nil {
			l.fail(a, newStatus(deliver.PermFail, 550, "5.7.1", "Cannot mail directly to :include:s"))
		}
		return
	case a.Mailer.Name == "prog":
		what = "programs"
	case a.Mailer.Name == "*file*":
		what = "files"
	default:
		return
	}
	p := a.parent
	switch {
	case p == nil && what == "programs":
		l.fail(a, errCannotProg)
	case p == nil:
		l.fail(a, errCannotFile)
	case p.bogusShell:
		name := p.userName
		if name == "" {
			name = p.User
		}
		l.fail(a, newStatus(deliver.PermFail, 550, "5.7.1",
			fmt.Sprintf("User %s@%s doesn't have a valid shell for mailing to %s", name, l.m.hostName(), what)))
	}
}

// local expands an address of a local mailer: its alias (F=A), then the
// user in the password file (F=w) and the user's .forward. A backslash
// in the user name keeps both the alias and the .forward from applying.
func (l *rcptList) local(a *Rcpt, depth int) {
	m := l.m
	quoted := strings.ContainsRune(a.User, '\\')
	if !quoted && !a.final5 && a.Mailer.Flags['A'] && !m.NoAlias {
		if l.alias(a, depth) && l.vrfyOnly {
			return
		}
	}
	if a.state == sOK && !quoted && !a.final5 && a.Mailer.Flags['5'] && l.localAddr(a, depth) {
		return
	}
	if a.state != sOK || !a.Mailer.Flags['w'] {
		return
	}
	acct, err := m.lookupUser(dequote(a.User))
	if err != nil {
		l.setExit(exNoUser)
		l.fail(a, errUnknown)
		return
	}
	a.home, a.goodUID, a.uid, a.userName = acct.Home, true, acct.UID, acct.Name
	if l.vrfyOnly {
		return
	}
	a.bogusShell = !l.shellOK(acct.Name)
	if !quoted {
		l.forward(a, acct, depth)
	}
}

// localAddr runs ruleset 5 on a local recipient that no alias took (a
// user+detail, LUSER_RELAY, MAIL_HUB ...): when it names another
// address, that one is delivered in a's stead, and localAddr reports
// true.
func (l *rcptList) localAddr(a *Rcpt, depth int) bool {
	na, changed, err := l.m.Cf.LocalAddr(a.User, a.Host)
	if !changed {
		return false
	}
	if err != nil {
		var ae *ruleset.AddrError
		if errors.As(err, &ae) {
			l.fail(a, newStatus(deliver.PermFail, ae.Code, ae.Status, ae.Text))
			if ae.Temporary() {
				a.state, a.Status.Kind = sQueueUp, deliver.TempFail
			}
		}
		return true
	}
	if na.Mailer == a.Mailer && strings.EqualFold(na.Host, a.Host) && na.User == a.User {
		return false
	}
	if l.vrfyOnly {
		// kept as it is for the queue run, with itself as the
		// controlling address (sendmail's C:<user+detail> line); a
		// local user it names must exist, as sendmail checks
		u := na
		for i := 0; i < 10 && u.Mailer == a.Mailer && u.Include == "" && !strings.HasPrefix(u.User, "@"); i++ {
			// "user+*" goes through ruleset 5 again, as in expansion
			nb, changed, err := l.m.Cf.LocalAddr(u.User, u.Host)
			if !changed || err != nil || (nb.Mailer == u.Mailer && nb.User == u.User && strings.EqualFold(nb.Host, u.Host)) {
				break
			}
			u = nb
		}
		if u.Mailer == a.Mailer && a.Mailer.Flags['w'] && u.Include == "" {
			if _, err := l.m.lookupUser(dequote(strings.TrimPrefix(u.User, "@"))); err != nil {
				l.setExit(exNoUser)
				l.fail(a, errUnknown)
				return true
			}
		}
		a.Ctl = &queue.Controller{Alias: a.Addr}
		return true
	}
	c := &Rcpt{Addr: a.Addr, parent: a, Notify: a.Notify, Ctl: a.Ctl, home: a.home, ORcpt: a.ORcpt}
	c.Mailer, c.Host, c.User = na.Mailer, na.Host, na.User
	if strings.HasPrefix(c.User, "@") {
		// the localaddr ruleset's mark for an address it is done with
		c.User, c.final5 = c.User[1:], true
	}
	if na.Include != "" {
		c.Mailer, c.User = includeMailer, na.Include
	}
	if c.Mailer == nil {
		return false
	}
	a.state = sExpanded
	l.recipient(c, depth)
	return true
}

// alias expands a to its value in the alias databases, if it has one,
// and notes the owner-LIST alias that takes its errors. It tells
// whether a is an alias; with vrfyOnly, that is all it does.
func (l *rcptList) alias(a *Rcpt, depth int) bool {
	m := l.m
	v, ok, err := m.aliasLookup(a.User)
	if err != nil {
		a.state = sQueueUp
		a.Status = newStatus(deliver.TempFail, 451, "4.3.0", "Temporary alias failure")
		if l.shows() {
			l.say(a.Addr, a.Status.Text)
		}
		return false
	}
	if !ok {
		return false
	}
	if l.vrfyOnly {
		return true
	}
	l.info(a.Addr, "aliased to "+shorten(v))
	a.state = sExpanded
	a.Ctl = &queue.Controller{Alias: a.Addr}
	l.sendToList(v, a, depth+1)
	if a.selfRef && a.state == sExpanded {
		a.state = sOK
	}
	key := "owner-" + a.User
	if strings.HasPrefix(a.User, "owner-") {
		key = "owner-owner"
	}
	if own, ok, _ := m.aliasLookup(key); ok {
		if strings.ContainsAny(own, ",:/|\"") {
			own = key
		}
		a.Owner = own
	}
	return true
}

// finish ends the expansion of a; for an address the sender gave, it
// settles what became of it as a whole: when it became exactly one
// recipient, that one counts as the sender's own; when it became none
// and nothing at all is left to deliver, with no error reported, the
// expansion went round in a loop.
func (l *rcptList) finish(a *Rcpt, depth int, initialDead bool) {
	a.thisPass = true
	if depth == 0 {
		n := 0
		var only *Rcpt
		for _, q := range l.all {
			if q.thisPass && q.state.sendable() {
				n++
				only = q
			}
			q.thisPass = false
		}
		switch {
		case n == 1:
			owned := false
			for q := only.parent; q != nil; q = q.parent {
				if q.Owner != "" {
					owned = true
					break
				}
			}
			if !owned {
				only.Primary = true
			}
		case n > 1 && !initialDead:
			l.receipt = true
		}
		if !a.state.sendable() && l.errors == 0 && !l.anySendable() {
			a.state = sBad
			a.Status = newStatus(deliver.PermFail, 554, "5.4.6", "aliasing/forwarding loop broken")
			l.usrerr("", a.Status.Text)
		}
	}
	a.done = true
}

func (l *rcptList) anySendable() bool {
	for _, q := range l.all {
		if q.state.sendable() {
			return true
		}
	}
	return false
}

// sameAddr tells whether two recipients are the same: the same mailer,
// user and host (in any case), and for programs, when both have a
// controlling user, the same one. Error mailer recipients are never the
// same as another.
func sameAddr(a, b *Rcpt) bool {
	if a.Mailer != b.Mailer || a.User != b.User || a.Mailer == errorMailer {
		return false
	}
	if a.Mailer.Name == "prog" {
		ca, cb := ctlOf(a), ctlOf(b)
		if ca != nil && cb != nil && ca.uid != cb.uid {
			return false
		}
	}
	return strings.EqualFold(a.Host, b.Host)
}

// ctlOf is the recipient whose user a recipient's programs run as: the
// nearest one up its chain that is a local user or an :include: file.
func ctlOf(r *Rcpt) *Rcpt {
	for ; r != nil; r = r.parent {
		if r.goodUID {
			return r
		}
	}
	return nil
}

// selfReference finds, when a names an address of the chain it came
// from (a loop), the address to keep: the loop's own address, unless a
// real local user lies between, who is kept instead. It returns nil
// when a names none of the chain, or no such user breaks the loop.
func (l *rcptList) selfReference(a *Rcpt) *Rcpt {
	var b *Rcpt
	for p := a.parent; p != nil; p = p.parent {
		if sameAddr(a, p) {
			b = p
			break
		}
	}
	if b == nil {
		return nil
	}
	for c := a; c != nil; c = c.parent {
		switch {
		case c.Mailer.Flags['w']:
			if _, err := l.m.lookupUser(dequote(c.User)); err != nil {
				continue
			}
		case c.Mailer.Flags['l'] && c.Mailer == b.Mailer:
		default:
			continue
		}
		if sameAddr(b, c) {
			return b
		}
		return c
	}
	return nil
}

// shorten cuts a long text in its middle as sendmail's messages do.
func shorten(s string) string {
	const max = 203
	if len(s) <= max {
		return s
	}
	h := (max - 3) / 2
	return s[:h] + "..." + s[len(s)-h:]
}

// dequote removes the double quotes and backslashes of a user name.
func dequote(s string) string {
	if !strings.ContainsAny(s, "\"\\") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
