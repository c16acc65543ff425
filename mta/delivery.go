package mta

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gosendmail/gosendmail/deliver"
	"github.com/gosendmail/gosendmail/dsn"
	"github.com/gosendmail/gosendmail/queue"
	"github.com/gosendmail/gosendmail/ruleset"
)

func newMessage(sender string, t time.Time, b []byte) *deliver.Message {
	return deliver.NewMessage(sender, t, b)
}

func (m *MTA) verbosef(format string, a ...any) {
	if m.Verbose {
		fmt.Fprintf(m.Out, format, a...)
	}
}

// report tells the user of a failed recipient: in verify mode on the
// standard output, in ErrorMode p on the standard error.
func (m *MTA) report(r *Rcpt) {
	switch {
	case m.verify:
		fmt.Fprintf(m.Out, "%s... %s\n", r.Addr, r.Status.Text)
	case m.ErrorMode == 'p' || m.Verbose:
		// sendmail prints them on its standard output
		fmt.Fprintf(m.Out, "%s... %s\n", r.Addr, r.Status.Text)
	}
}

// runEntry delivers a locked queue entry to each of its recipients,
// then removes it or writes back those still to be tried. It returns an
// exit status (the first failure's).
func (m *MTA) runEntry(en *queue.Entry) int {
	env, err := en.Read()
	if err != nil {
		en.Close()
		fmt.Fprintf(m.Err, "%s: %v\n", en.ID, err)
		return exSoftware
	}
	body, err := os.ReadFile(en.DF())
	if err != nil {
		en.Close()
		fmt.Fprintf(m.Err, "%s: cannot open data file: %v\n", en.ID, err)
		return exTempFail
	}
	now := m.now()
	m.setTimeMacros(now)
	m.setMacro("i", en.ID)
	m.curID = en.ID
	for _, mc := range env.Macros {
		m.setMacro(mc.Name, mc.Value)
	}
	exit := exOK
	var keep []queue.Recipient
	var failed []*Rcpt
	lastMsg := ""
	var receipts []receiptOf
	returnAfter := m.queueTimeout("queuereturn", 5*24*time.Hour)
	timedOut := false
	var expFailed []*Rcpt
	env.Recipients, expFailed = m.expandQueued(env.Recipients)
	results := m.deliverAll(env, body, now)
	for i, qr := range env.Recipients {
		st := results[i]
		switch {
		case st.OK():
			m.verbosef("%s... Sent\n", qr.Address)
			if strings.Contains(qr.Flags, "S") && (st == nil || st.Remote == nil || !st.Remote.DSN) {
				// a peer that took NOTIFY reports itself
				receipts = append(receipts, receiptOf{qr, st != nil && st.Remote != nil})
			}
		case st.Temporary() && expired(now, env, returnAfter):
			// Timeout.queuereturn: give up and return the message
			r := &Rcpt{Addr: qr.Address, state: sBad, Final: qr.FinalRcpt, ORcpt: qr.ORcpt,
				Status: &deliver.Status{Kind: deliver.PermFail, Code: st.Code, Enhanced: st.Enhanced, DSN: "4.4.7",
					Text: st.Text, Exit: st.Exit}}
			failed = append(failed, r)
			timedOut = true
		case st.Temporary():
			qr.Message = st.Text
			osErr := st.Exit == deliver.ExOSErr || st.Exit == deliver.ExIOErr
			switch {
			case osErr:
				// sendmail keeps these as they are ("Operating system
				// error") and exits with them
				if exit == exOK {
					exit = st.Exit
				}
			case !st.Ruleset && !strings.HasPrefix(qr.Message, "Deferred"):
				// any other deferral is not an error for the caller:
				// exit stays 0
				qr.Message = "Deferred: " + qr.Message
			}
			lastMsg = qr.Message
			m.verbosef("%s... %s\n", qr.Address, qr.Message)
			if osErr && !st.Ruleset {
				// a delivery agent's is the message's M record only
				qr.Message = ""
			}
			keep = append(keep, qr)
		default:
			r := &Rcpt{Addr: qr.Address, Status: st, state: sBad, Final: qr.FinalRcpt, ORcpt: qr.ORcpt}
			failed = append(failed, r)
			if m.Verbose {
				fmt.Fprintf(m.Out, "%s... %s\n", qr.Address, st.Text)
			}
			if exit == exOK {
				exit = exitFor(r)
			}
		}
	}
	failed = append(expFailed, failed...)
	if len(failed) > 0 {
		if timedOut {
			m.timeoutNote = "Message could not be delivered for " + dsn.Interval(returnAfter)
		}
		m.bounce(env, en, failed, now)
		m.timeoutNote = ""
	}
	if len(receipts) > 0 {
		m.receipt(env, en, receipts, now)
	}
	if len(keep) > 0 && env.Sender != "" && !env.HasFlag('w') {
		warn := m.queueTimeout("queuewarn", 4*time.Hour)
		if warn > 0 && expired(now, env, warn) && wantsDelay(keep) {
			m.delayWarning(env, en, keep, now, warn, returnAfter)
			env.Flags += "w"
		}
	}
	if len(keep) == 0 {
		m.logDone(en.ID, env)
		if err := en.Remove(); err != nil {
			fmt.Fprintf(m.Err, "%s: %v\n", en.ID, err)
		}
		return exit
	}
	env.Recipients = keep
	env.Tries++
	env.LastAttempt = now.Unix()
	env.Message = lastMsg
	if err := en.Rewrite(env, m.Queue.FileMode); err != nil {
		fmt.Fprintf(m.Err, "%s: cannot rewrite queue file: %v\n", en.ID, err)
	}
	en.Close()
	return exit
}

// RemoteMessage is what a remote (IPC) mailer is given for one host:
// the envelope as rewritten for the mailer and the message as prepared
// for it (header, empty line, body; "\n" line ends).
type RemoteMessage struct {
	Sender   string // "" for the null sender
	Rcpts    []RemoteRcpt
	Data     []byte
	EnvID    string
	Ret      string // FULL, HDRS or ""
	Body8    bool   // 8-bit data in the body
	BodyType string // 7BIT, 8BITMIME or ""
	ID       string // queue ID
}

// RemoteRcpt is one recipient of a RemoteMessage.
type RemoteRcpt struct {
	Addr   string // the user part of the mailer triple ($u)
	Notify string // DSN NOTIFY= value ("" none)
	Flags  string // the R record's flags (NOTIFY as letters S, F, D, N)
	ORcpt  string
}

// target is a queued recipient resolved for delivery.
type target struct {
	qr   queue.Recipient
	mr   *ruleset.Mailer
	host string
	user string
	st   *deliver.Status // set when it cannot be delivered
}

// deliverAll delivers the message to every queued recipient and returns
// their outcomes, in order. Recipients of one remote mailer and host
// travel together in one transaction (Remote).
func (m *MTA) deliverAll(env *queue.Envelope, body []byte, now time.Time) []*deliver.Status {
	out := make([]*deliver.Status, len(env.Recipients))
	type group struct {
		mr   *ruleset.Mailer
		host string
		idx  []int
	}
	var groups []*group
	targets := make([]target, len(env.Recipients))
	discard := false
	for i, qr := range env.Recipients {
		t := m.resolve(qr)
		targets[i] = t
		if t.st != nil {
			out[i] = t.st
			continue
		}
		if !discard {
			var st *deliver.Status
			if st, discard = m.checkCompat(env, t); st != nil {
				out[i] = st
				m.logAttempt(m.curID, env, t, st, 0)
				continue
			}
		}
		if discard {
			// $#discard drops the message: this recipient and every
			// one after it
			out[i] = discarded()
			continue
		}
		if isIPC(t.mr) {
			var g *group
			for _, x := range groups {
				if x.mr == t.mr && strings.EqualFold(x.host, t.host) {
					g = x
				}
			}
			if g == nil {
				g = &group{mr: t.mr, host: t.host}
				groups = append(groups, g)
			}
			g.idx = append(g.idx, i)
			continue
		}
		start := time.Now()
		out[i] = m.deliverLocal(env, t, body, now)
		m.logAttempt(m.curID, env, t, out[i], time.Since(start))
	}
	for _, g := range groups {
		data, g8 := m.prepare(env, g.mr, targets[g.idx[0]], body)
		rm := &RemoteMessage{Data: data, EnvID: env.EnvID, Body8: env.HasFlag('8'), BodyType: env.BodyType, ID: m.curID}
		if env.Sender != "" && env.Sender != "<>" {
			rm.Sender = g8
		}
		if env.HasFlag('d') {
			rm.Ret = "FULL"
			if env.HasFlag('n') {
				rm.Ret = "HDRS"
			}
		}
		for _, i := range g.idx {
			q := targets[i].qr
			rm.Rcpts = append(rm.Rcpts, RemoteRcpt{Addr: targets[i].user, Notify: notifyParam(q.Flags), Flags: q.Flags, ORcpt: q.ORcpt})
		}
		var sts []*deliver.Status
		start := time.Now()
		if m.Remote != nil {
			sts = m.Remote(g.mr, g.host, rm)
		}
		took := time.Since(start)
		for k, i := range g.idx {
			if k < len(sts) && sts[k] != nil {
				out[i] = sts[k]
			} else {
				out[i] = newStatus(deliver.TempFail, 451, "4.4.0", "remote delivery (mailer "+g.mr.Name+") is not available")
			}

		}
		m.logGroup(m.curID, env, targets, g.idx, out, took)
	}
	return out
}

// notifyParam turns R record flags back into a NOTIFY= value ("" when
// the sender gave none).
func notifyParam(flags string) string {
	if !strings.Contains(flags, "N") && !strings.ContainsAny(flags, "S") {
		return ""
	}
	var v []string
	for _, c := range []struct {
		f    string
		name string
	}{{"S", "SUCCESS"}, {"F", "FAILURE"}, {"D", "DELAY"}} {
		if strings.Contains(flags, c.f) {
			v = append(v, c.name)
		}
	}
	if len(v) == 0 {
		return "NEVER"
	}
	return strings.Join(v, ",")
}

// resolve finds the mailer, host and user of a queued recipient. During
// a queue run the answers are kept (m.resolved), since the same
// recipients come back message after message.
func (m *MTA) resolve(qr queue.Recipient) target {
	key := qr.Address
	if qr.Ctl != nil {
		key = "\x00ctl\x00" + key // prog and file recipients depend on it
	}
	if t, ok := m.resolved[key]; ok {
		t.qr = qr
		return t
	}
	t := m.resolveNow(qr)
	if m.resolved != nil && (t.st == nil || !t.st.Temporary()) {
		m.resolved[key] = t
	}
	return t
}

func (m *MTA) resolveNow(qr queue.Recipient) target {
	t := target{qr: qr}
	a, err := m.Cf.ParseAddress(qr.Address, 0)
	if err != nil {
		if ae, ok := err.(*ruleset.AddrError); ok {
			kind := deliver.PermFail
			if ae.Temporary() {
				kind = deliver.TempFail
			}
			t.st = newStatus(kind, ae.Code, ae.Status, ae.Text)
		} else {
			t.st = newStatus(deliver.TempFail, 451, "4.3.0", err.Error())
		}
		return t
	}
	if a.Include != "" || a.Mailer == nil {
		t.st = newStatus(deliver.PermFail, 550, "5.7.1", "Cannot mail directly to :include:s")
		return t
	}
	t.mr, t.host = a.Mailer, a.Host
	if (t.mr.Name == "prog" || t.mr.Name == "*file*") && qr.Ctl == nil {
		if t.mr.Name == "prog" {
			t.st = errCannotProg
		} else {
			t.st = errCannotFile
		}
		return t
	}
	user := a.User
	if t.mr.Flags['s'] {
		user = unquote(user)
	}
	t.user = strings.TrimPrefix(user, "\\")
	return t
}

// prepare sets the macros of a delivery and returns the message as the
// mailer gets it, and the envelope sender rewritten for the mailer ($g).
func (m *MTA) prepare(env *queue.Envelope, mr *ruleset.Mailer, t target, body []byte) ([]byte, string) {
	m.setMacro("u", t.user)
	m.setMacro("h", t.host)
	g := "MAILER-DAEMON"
	if env.Sender != "" && env.Sender != "<>" {
		g = m.Cf.RemoteName(env.Sender, mr, ruleset.AsSender)
		g = strings.TrimSuffix(strings.TrimPrefix(g, "<"), ">")
	}
	m.setMacro("g", g)
	var b bytes.Buffer
	m.putHeaders(&b, env.Headers, mr, env.HasFlag('b'))
	b.WriteByte('\n')
	b.Write(body)
	return b.Bytes(), g
}

// deliverLocal delivers the message to one recipient of a local mailer:
// prog, *file*, the built-in mailbox or a P= program.
func (m *MTA) deliverLocal(env *queue.Envelope, t target, body []byte, now time.Time) *deliver.Status {
	mr, user := t.mr, t.user
	data, g := m.prepare(env, mr, t, body)
	if mr.MaxSize > 0 && int64(len(data)) > mr.MaxSize {
		return newStatus(deliver.PermFail, 552, "5.2.3", fmt.Sprintf("Message is too large; %d bytes max", mr.MaxSize))
	}
	msg := newMessage(g, now, data)
	m.verbosef("%s... Connecting to %s...\n", t.qr.Address, mr.Name)
	switch {
	case mr.Name == "prog":
		p := m.Prog
		if home := m.homeOf(t.qr.Ctl); home != "" {
			p.Dir = home
		}
		if p.Credential == nil {
			p.Credential = m.progCredential(t.qr.Ctl)
		}
		return p.Deliver(context.Background(), strings.TrimPrefix(user, "|"), msg)
	case mr.Name == "*file*":
		// the file is written only if the user the alias or .forward
		// stands for could write it (sendmail writes it as that user)
		if c := m.progCredential(t.qr.Ctl); c != nil && !writableBy(m.File.SafeFileEnvironment, user, c) {
			return deliver.FromExit(deliver.ExCantCreat, mr.Name, user, "")
		}
		return m.File.Deliver(user, msg)
	case isBuiltinLocal(mr):
		return m.Mailbox.Deliver(user, msg)
	}
	return m.runMailer(mr, msg, data, g)
}

// progCredential is who a program named by an alias or a .forward runs
// as, as sendmail runs it: the user whose .forward named it, else
// DefaultUser (for the aliases file). nil (run as we are) when we are not
// root, who alone can give the process away.
func (m *MTA) progCredential(c *queue.Controller) *syscall.Credential {
	if os.Geteuid() != 0 {
		return nil
	}
	if c != nil && c.User != "" {
		if a, err := m.lookupUser(c.User); err == nil {
			return &syscall.Credential{Uid: uint32(a.UID), Gid: uint32(a.GID)}
		}
	}
	uid, gid := 1, 1 // sendmail's default: 1:1
	v, _ := m.Cf.Option("DefaultUser")
	if v == "" {
		v = "mailnull"
	}
	u, g, _ := strings.Cut(v, ":")
	if n, err := strconv.Atoi(u); err == nil {
		uid = n
	} else if a, err := m.lookupUser(u); err == nil {
		uid, gid = a.UID, a.GID
	}
	if g != "" {
		if n, err := strconv.Atoi(g); err == nil {
			gid = n
		} else if gr, err := user.LookupGroup(g); err == nil {
			if n, err := strconv.Atoi(gr.Gid); err == nil {
				gid = n
			}
		}
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}
}

// writableBy tells whether the user of c may append to the file at path
// (inside SafeFileEnvironment when it is set), or create it when it does
// not exist: by the classic owner, group and other write bits.
func writableBy(safe, path string, c *syscall.Credential) bool {
	if safe != "" && safe != "/" && !strings.HasPrefix(path, safe) {
		path = filepath.Join(safe, path)
	}
	may := func(p string) (bool, bool) {
		var st syscall.Stat_t
		if err := syscall.Stat(p, &st); err != nil {
			return false, false
		}
		switch {
		case st.Uid == c.Uid:
			return st.Mode&0o200 != 0, true
		case st.Gid == c.Gid:
			return st.Mode&0o020 != 0, true
		}
		return st.Mode&0o002 != 0, true
	}
	if ok, exists := may(path); exists {
		return ok
	}
	ok, _ := may(filepath.Dir(path))
	return ok
}

func (m *MTA) homeOf(c *queue.Controller) string {
	if c == nil || c.User == "" {
		return ""
	}
	if a, err := m.lookupUser(c.User); err == nil {
		return a.Home
	}
	return ""
}

// runMailer runs a mailer's P= program with its A= arguments, the
// message on its standard input (after a From line unless F=n), and
// turns its exit status into an outcome.
func (m *MTA) runMailer(mr *ruleset.Mailer, msg *deliver.Message, data []byte, sender string) *deliver.Status {
	var argv []string
	for _, a := range mr.Argv {
		argv = append(argv, m.Cf.Expand(a))
	}
	if len(argv) == 0 {
		argv = []string{mr.Path}
	}
	var in bytes.Buffer
	if !mr.Flags['n'] {
		in.WriteString(deliver.UnixFromLine(sender, msg.Time))
	}
	in.Write(data)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, mr.Path, argv[1:]...)
	cmd.Args[0] = argv[0]
	cmd.Stdin = &in
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Env = []string{"AGENT=sendmail", "PATH=/usr/bin:/bin"}
	cmd.Dir = "/"
	err := cmd.Run()
	code := 0
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
			if code < 0 {
				code = exTempFail
			}
		} else {
			return newStatus(deliver.TempFail, 451, "4.0.0", fmt.Sprintf("%s: %v", mr.Path, err))
		}
	}
	return deliver.FromExit(code, mr.Name, mr.Path, out.String())
}

// unquote removes the double quotes of a quoted address (F=s), and the
// backslashes of one that has quotes; one without quotes is left as it
// is.
func unquote(s string) string {
	if !strings.ContainsRune(s, '"') {
		return s
	}
	return dequote(s)
}

// queueTimeout is Timeout.NAME (or NAME.normal), def when unset.
func (m *MTA) queueTimeout(name string, def time.Duration) time.Duration {
	for _, n := range []string{"Timeout." + name + ".normal", "Timeout." + name} {
		if v, ok := m.Cf.Option(n); ok && v != "" {
			return ruleset.ConvTime(v, 'd')
		}
	}
	return def
}

// expired tells whether the message has been queued for d or longer.
func expired(now time.Time, env *queue.Envelope, d time.Duration) bool {
	return d > 0 && now.Sub(time.Unix(env.Created, 0)) >= d
}

// wantsDelay: a delay warning goes only to recipients whose NOTIFY
// includes DELAY (the default when no NOTIFY was given).
func wantsDelay(rs []queue.Recipient) bool {
	for _, r := range rs {
		if strings.Contains(r.Flags, "D") || !strings.Contains(r.Flags, "N") {
			return true
		}
	}
	return false
}
