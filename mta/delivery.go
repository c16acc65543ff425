package mta

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
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
	for _, mc := range env.Macros {
		m.setMacro(mc.Name, mc.Value)
	}
	exit := exOK
	var keep []queue.Recipient
	var failed []*Rcpt
	lastMsg := ""
	var receipts []queue.Recipient
	returnAfter := m.queueTimeout("queuereturn", 5*24*time.Hour)
	timedOut := false
	for _, qr := range env.Recipients {
		st := m.deliverOne(env, qr, body, now)
		switch {
		case st.OK():
			m.verbosef("%s... Sent\n", qr.Address)
			if strings.Contains(qr.Flags, "S") {
				receipts = append(receipts, qr)
			}
		case st.Temporary() && expired(now, env, returnAfter):
			// Timeout.queuereturn: give up and return the message
			r := &Rcpt{Addr: qr.Address, state: sBad, Final: qr.FinalRcpt, ORcpt: qr.ORcpt,
				Status: &deliver.Status{Kind: deliver.PermFail, Code: st.Code, Enhanced: st.Enhanced, DSN: "4.4.7",
					Text: st.Text, Exit: st.Exit}}
			failed = append(failed, r)
			timedOut = true
		case st.Temporary():
			// a deferral is not an error for the caller: exit stays 0
			qr.Message = st.Text
			if !strings.HasPrefix(qr.Message, "Deferred") {
				qr.Message = "Deferred: " + qr.Message
			}
			lastMsg = qr.Message
			keep = append(keep, qr)
			m.verbosef("%s... %s\n", qr.Address, qr.Message)
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

// deliverOne delivers the message to one queued recipient.
func (m *MTA) deliverOne(env *queue.Envelope, qr queue.Recipient, body []byte, now time.Time) *deliver.Status {
	a, err := m.Cf.ParseAddress(qr.Address, 0)
	if err != nil {
		if ae, ok := err.(*ruleset.AddrError); ok {
			kind := deliver.PermFail
			if ae.Temporary() {
				kind = deliver.TempFail
			}
			return newStatus(kind, ae.Code, ae.Status, ae.Text)
		}
		return newStatus(deliver.TempFail, 451, "4.3.0", err.Error())
	}
	if a.Include != "" || a.Mailer == nil {
		return newStatus(deliver.PermFail, 550, "5.7.1", "Cannot mail directly to :include:s")
	}
	mr := a.Mailer
	if (mr.Name == "prog" || mr.Name == "*file*") && qr.Ctl == nil {
		if mr.Name == "prog" {
			return errCannotProg
		}
		return errCannotFile
	}
	user := a.User
	if mr.Flags['s'] {
		user = unquote(user)
	}
	if strings.HasPrefix(user, "\\") {
		user = user[1:]
	}
	m.setMacro("u", user)
	m.setMacro("h", a.Host)
	sender := env.Sender
	g := "MAILER-DAEMON"
	if sender != "" && sender != "<>" {
		g = m.Cf.RemoteName(sender, mr, ruleset.AsSender)
		g = strings.TrimSuffix(strings.TrimPrefix(g, "<"), ">")
	}
	m.setMacro("g", g)
	var b bytes.Buffer
	m.putHeaders(&b, env.Headers, mr, env.HasFlag('b'))
	b.WriteByte('\n')
	b.Write(body)
	if mr.MaxSize > 0 && int64(b.Len()) > mr.MaxSize {
		return newStatus(deliver.PermFail, 552, "5.2.3", fmt.Sprintf("Message is too large; %d bytes max", mr.MaxSize))
	}
	msg := newMessage(g, now, b.Bytes())
	m.verbosef("%s... Connecting to %s...\n", qr.Address, mr.Name)
	switch {
	case mr.Name == "prog":
		p := m.Prog
		if home := m.homeOf(qr.Ctl); home != "" {
			p.Dir = home
		}
		return p.Deliver(context.Background(), strings.TrimPrefix(user, "|"), msg)
	case mr.Name == "*file*":
		return m.File.Deliver(user, msg)
	case isBuiltinLocal(mr):
		return m.Mailbox.Deliver(user, msg)
	case isIPC(mr):
		return newStatus(deliver.TempFail, 451, "4.4.0", "remote delivery (mailer "+mr.Name+") is not implemented yet")
	}
	return m.runMailer(mr, msg, b.Bytes(), g)
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

// unquote removes the double quotes of a quoted address (F=s).
func unquote(s string) string {
	if !strings.ContainsRune(s, '"') {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
