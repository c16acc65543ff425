package mta

import (
	"bufio"
	"errors"
	"os"
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

// Rcpt is one recipient of an envelope.
type Rcpt struct {
	Addr         string // as given (an argument, a header, an alias's value)
	Mailer       *ruleset.Mailer
	Host, User   string
	state        state
	Status       *deliver.Status // why it failed
	Ctl          *queue.Controller
	Primary      bool   // named by the sender, not reached through an alias
	Notify       string // DSN NOTIFY letters: S, F, D, or N
	ORcpt, Final string
	Owner        string // owner-LIST: where errors of an alias list go
	fromAlias    bool   // reached through an alias, .forward or :include:
	home         string // the controlling user's home directory
	parent       *Rcpt
}

// Recipients are kept in the order sendmail's send queue has them.
type rcptList struct {
	all []*Rcpt
	// verify prints errors as they are found (-bv) to this writer.
	m *MTA
}

func newStatus(kind deliver.Kind, code int, enh, text string) *deliver.Status {
	dsn := enh
	return &deliver.Status{Kind: kind, Code: code, Enhanced: enh, DSN: dsn, Text: text}
}

var errCannotProg = newStatus(deliver.PermFail, 550, "5.7.1", "Cannot mail directly to programs")
var errCannotFile = newStatus(deliver.PermFail, 550, "5.7.1", "Cannot mail directly to files")
var errUnknown = newStatus(deliver.PermFail, 550, "5.1.1", "User unknown")

// fail records a failure and, in verify mode, prints it.
func (l *rcptList) fail(r *Rcpt, st *deliver.Status) {
	r.Status = st
	if st.Kind == deliver.TempFail {
		r.state = sQueueUp
	} else {
		r.state = sBad
	}
	l.m.report(r)
}

// add resolves addr and puts it, or what it expands to, on the list.
func (l *rcptList) add(addr string, parent *Rcpt, depth int) {
	m := l.m
	r := &Rcpt{Addr: addr, parent: parent, Primary: parent == nil, Notify: "FD"}
	if parent != nil {
		r.fromAlias = true
		r.Ctl, r.home, r.Owner, r.Notify = parent.Ctl, parent.home, parent.Owner, parent.Notify
	}
	a, err := m.Cf.ParseAddress(addr, 0)
	if err != nil {
		var ae *ruleset.AddrError
		if errors.As(err, &ae) {
			kind := deliver.PermFail
			if ae.Temporary() {
				kind = deliver.TempFail
			}
			l.all = append(l.all, r)
			l.fail(r, newStatus(kind, ae.Code, ae.Status, ae.Text))
		}
		return
	}
	if a.Include != "" {
		l.all = append(l.all, r)
		if !r.fromAlias {
			l.fail(r, newStatus(deliver.PermFail, 550, "5.7.1", "Cannot mail directly to :include:s"))
			return
		}
		l.include(r, a.Include, depth)
		return
	}
	r.Mailer, r.Host, r.User = a.Mailer, a.Host, a.User
	if r.Mailer.Name == "prog" && !r.fromAlias {
		l.all = append(l.all, r)
		l.fail(r, errCannotProg)
		return
	}
	if r.Mailer.Name == "*file*" && !r.fromAlias {
		l.all = append(l.all, r)
		l.fail(r, errCannotFile)
		return
	}
	noAlias := false
	if strings.HasPrefix(r.User, "\\") {
		noAlias = true
		r.User = r.User[1:]
	}
	if r.Mailer.Flags['s'] {
		r.User = unquote(r.User)
	}
	// a duplicate of one already on the list?
	for _, q := range l.all {
		if q.Mailer == r.Mailer && strings.EqualFold(q.Host, r.Host) && q.User == r.User && q.state != sBad {
			r.state = sDup
			return
		}
	}
	l.all = append(l.all, r)
	if depth > m.MaxAliasRecursion {
		l.fail(r, newStatus(deliver.PermFail, 554, "5.4.6", "aliasing/forwarding loop broken ("+itoa(depth)+" aliases deep; "+itoa(m.MaxAliasRecursion)+" max)"))
		return
	}
	if r.Mailer.Flags['A'] && !noAlias && !m.NoAlias {
		v, ok, err := m.aliasLookup(r.User)
		if err != nil {
			l.fail(r, newStatus(deliver.TempFail, 451, "4.3.0", "Temporary alias failure"))
			return
		}
		if ok {
			m.verbosef("%s... aliased to %s\n", r.Addr, v)
			r.state = sExpanded
			if own, ok, _ := m.aliasLookup("owner-" + r.User); ok && own != "" {
				r.Owner = "owner-" + r.User
			}
			r.Ctl = &queue.Controller{Alias: r.Addr}
			l.addList(v, r, depth+1)
			l.selfRef(r)
			return
		}
	}
	if r.Mailer.Flags['w'] {
		acct, err := m.lookupUser(r.User)
		if err != nil {
			l.fail(r, errUnknown)
			return
		}
		r.home = acct.Home
		if !noAlias && r.Mailer.Flags['l'] {
			if l.forward(r, acct, depth) {
				l.selfRef(r)
			}
		}
	}
}

// selfRef keeps an expanded recipient when its expansion named it again
// ("user: \user, other" or a .forward that keeps a copy).
func (l *rcptList) selfRef(r *Rcpt) {
	for _, q := range l.all {
		if q.parent == r && q.state == sOK && q.Mailer == r.Mailer && q.User == r.User {
			return
		}
	}
	any := false
	for _, q := range l.all {
		if q.parent == r {
			any = true
		}
	}
	if !any {
		// everything it expanded to was a duplicate: nothing more to do
		return
	}
}

// addList adds the addresses of an alias value, a .forward or an
// :include: file: separated by commas (outside quotes and brackets).
func (l *rcptList) addList(v string, parent *Rcpt, depth int) {
	for _, a := range splitList(v) {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if strings.HasPrefix(strings.ToLower(a), "error:") {
			l.errorAddr(a, parent)
			continue
		}
		l.add(a, parent, depth)
	}
}

// errorAddr is an "error:code text" alias value.
func (l *rcptList) errorAddr(a string, parent *Rcpt) {
	r := &Rcpt{Addr: a, parent: parent, fromAlias: true}
	l.all = append(l.all, r)
	text := strings.TrimSpace(a[6:])
	enh := ""
	if n := enhLen(text); n > 0 && n < len(text) && text[n] == ':' {
		enh, text = text[:n], text[n+1:]
	}
	code := 553
	if len(text) >= 4 && text[0] >= '2' && text[0] <= '5' && isDigits(text[:3]) && text[3] == ' ' {
		code = atoi(text[:3])
		text = text[4:]
		if n := enhLen(text); n > 0 && n < len(text) && text[n] == ' ' {
			if enh == "" {
				enh = text[:n]
			}
			text = text[n+1:]
		}
	}
	if enh == "" {
		enh = itoa(code/100) + ".0.0"
	}
	kind := deliver.PermFail
	if code/100 == 4 {
		kind = deliver.TempFail
	}
	l.fail(r, newStatus(kind, code, enh, text))
}

// include expands an :include: file, its owner becoming the controlling
// user.
func (l *rcptList) include(r *Rcpt, path string, depth int) {
	f, err := os.Open(path)
	if err != nil {
		l.fail(r, newStatus(deliver.TempFail, 451, "4.2.4", "Cannot open "+path+": "+errText(err)))
		return
	}
	defer f.Close()
	r.state = sExpanded
	r.Ctl = &queue.Controller{Alias: r.Addr}
	l.readAddrs(f, r, depth+1)
}

// forward reads the user's .forward (the first file of ForwardPath that
// exists); it reports whether the user was forwarded.
func (l *rcptList) forward(r *Rcpt, acct *deliver.Account, depth int) bool {
	m := l.m
	for _, p := range m.ForwardPath {
		m.setMacro("z", acct.Home)
		m.setMacro("u", acct.Name)
		path := m.Cf.ExpandText(p)
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		st, err := f.Stat()
		if err != nil || !st.Mode().IsRegular() {
			f.Close()
			continue
		}
		r.state = sExpanded
		r.Ctl = &queue.Controller{User: acct.Name, Alias: r.Addr}
		n := len(l.all)
		l.readAddrs(f, r, depth+1)
		f.Close()
		if len(l.all) == n {
			// an empty .forward: deliver to the mailbox
			r.state = sOK
			return false
		}
		// "\user" in one's own .forward keeps a copy in the mailbox
		for _, q := range l.all[n:] {
			if q.state == sDup && q.Mailer == r.Mailer && q.User == r.User {
				r.state = sOK
			}
		}
		return true
	}
	return false
}

func (l *rcptList) readAddrs(f *os.File, parent *Rcpt, depth int) {
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		l.addList(line, parent, depth)
	}
}

func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	s := err.Error()
	if s != "" {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

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

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// deliverable lists the recipients still to be delivered.
func (l *rcptList) deliverable() []*Rcpt {
	var out []*Rcpt
	for _, r := range l.all {
		if r.state == sOK {
			out = append(out, r)
		}
	}
	return out
}
