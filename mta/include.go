package mta

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/user"
	"strconv"
	"strings"
	"syscall"

	"github.com/gosendmail/gosendmail/deliver"
	"github.com/gosendmail/gosendmail/queue"
)

// include expands an :include: recipient: each line of its file is an
// address list. A file that cannot be read makes the recipient bad.
func (l *rcptList) include(a *Rcpt, depth int) {
	l.info(a.Addr, "including file "+a.User)
	f, err := os.Open(a.User)
	if err != nil {
		l.fail(a, newStatus(deliver.PermFail, 550, "5.2.4", "Cannot open "+a.User+": "+errText(err)))
		return
	}
	defer f.Close()
	// the file's owner controls its programs and files
	if st, err := f.Stat(); err == nil {
		if sys, ok := st.Sys().(*syscall.Stat_t); ok {
			a.goodUID, a.uid = true, int(sys.Uid)
			if u, err := user.LookupId(strconv.Itoa(int(sys.Uid))); err == nil {
				a.userName = u.Username
				a.bogusShell = !l.shellOK(u.Username)
			}
		}
	}
	a.state = sExpanded
	a.Ctl = &queue.Controller{Alias: a.Addr}
	l.readList(f, a.User, "sending", a, depth)
}

// forward reads the user's .forward, the first file of ForwardPath
// that exists. A user it names is forwarded: the addresses in it are
// delivered instead, unless they name the user again.
func (l *rcptList) forward(a *Rcpt, acct *deliver.Account, depth int) {
	m := l.m
	oldZ, _ := m.Cf.Macro("z")
	oldU, _ := m.Cf.Macro("u")
	defer func() {
		m.setMacro("z", oldZ)
		m.setMacro("u", oldU)
	}()
	for _, p := range m.ForwardPath {
		m.setMacro("z", acct.Home)
		m.setMacro("u", dequote(a.User))
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
		ctl := a.Ctl
		a.Ctl = &queue.Controller{User: acct.Name, Alias: a.Addr}
		if n := l.readList(f, path, "forwarding", a, depth); n > 0 && !a.selfRef && a.state == sOK {
			a.state = sExpanded
		} else {
			a.Ctl = ctl
		}
		f.Close()
		return
	}
}

// readList expands the lines of an :include: or .forward file, in file
// order, each an address list; blank lines and those starting with '#'
// are skipped. Messages printed meanwhile say "FILE: line N: ". It
// returns how many addresses were added.
func (l *rcptList) readList(f *os.File, path, verb string, ctl *Rcpt, depth int) int {
	save := l.where
	defer func() { l.where = save }()
	r := bufio.NewReader(f)
	n := 0
	for lineNo := 1; ; lineNo++ {
		line, err := r.ReadString('\n')
		if line == "" && err != nil {
			break
		}
		line = strings.TrimSuffix(line, "\n")
		if line == "" || line[0] == '#' {
			continue
		}
		l.where = fmt.Sprintf("%s: line %d: ", path, lineNo)
		l.info("", verb+" to "+line)
		n += l.sendToList(line, ctl, depth+1)
		l.where = save
	}
	return n
}

// userShell returns a local user's login shell, and whether the user
// was found (a variable for the tests).
var userShell = passwdShell

// validShells is the file listing the shells a user may have to have
// programs and files in a .forward run (a variable for the tests).
var validShells = "/etc/shells"

// shellOK tells whether a user may have programs and files run: the
// login shell is empty or listed in /etc/shells, or the user is trusted
// (class t).
func (l *rcptList) shellOK(name string) bool {
	// asked once a minute per user at most, as lookupUser asks the
	// password file (the SMTP server asks for every RCPT)
	return l.m.shells.get(name, func() bool { return l.shellListed(name) })
}

func (l *rcptList) shellListed(name string) bool {
	sh, ok := userShell(name)
	if !ok || sh == "" || l.m.Cf.InClass("t", name) {
		return true
	}
	text, err := os.ReadFile(validShells)
	if err != nil {
		return sh == "/bin/sh" || sh == "/bin/csh"
	}
	for _, line := range strings.Split(string(text), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && line[0] != '#' && line == sh {
			return true
		}
	}
	return false
}

// passwdShell reads a user's shell from /etc/passwd.
func passwdShell(name string) (string, bool) {
	f, err := os.Open("/etc/passwd")
	if err != nil {
		return "", false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ":")
		if len(fields) >= 7 && fields[0] == name {
			return fields[6], true
		}
	}
	return "", false
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
