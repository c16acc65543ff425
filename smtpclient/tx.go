package smtpclient

import (
	"strconv"
	"strings"

	"github.com/gosendmail/gosendmail/deliver"
	"github.com/gosendmail/gosendmail/ruleset"
)

// txResult is what one transaction gave.
type txResult struct {
	st []*deliver.Status // one per recipient of the batch
	// lost is set when the connection broke before MAIL was answered:
	// the next host is tried.
	lost error
	// dead: the connection cannot be used again (421, I/O error).
	dead bool
	// hs is what goes in the host status file ("" D and R: none).
	hsDSN, hsReply string
}

// mailCmd is the MAIL command with the ESMTP parameters the peer takes.
func (s *session) mailCmd(m *Message, size int64) string {
	var b strings.Builder
	b.WriteString("MAIL From:<" + m.Sender + ">")
	if s.has("SIZE") {
		b.WriteString(" SIZE=" + strconv.FormatInt(size, 10))
	}
	if s.has("8BITMIME") && m.BodyType != "" {
		b.WriteString(" BODY=" + strings.ToUpper(m.BodyType))
	}
	if s.has("DSN") {
		if m.EnvID != "" {
			b.WriteString(" ENVID=" + m.EnvID)
		}
		if m.Ret != "" {
			b.WriteString(" RET=" + strings.ToUpper(m.Ret))
		}
	}
	return b.String()
}

func (s *session) rcptCmd(r Rcpt) string {
	c := "RCPT To:<" + r.Addr + ">"
	if s.has("DSN") {
		if n := notifyWords(r.Notify); n != "" {
			c += " NOTIFY=" + n
		}
		if r.ORcpt != "" {
			o := r.ORcpt
			if !strings.Contains(o, ";") {
				o = "rfc822;" + xtext(o)
			}
			c += " ORCPT=" + o
		}
	}
	return c
}

// notifyWords turns the queue's NOTIFY letters (N, S, F, D; other
// letters of the queue's flags are ignored) into the RCPT parameter; a
// value already in words is kept.
func notifyWords(n string) string {
	u := strings.ToUpper(n)
	switch {
	case u == "" || strings.Contains(u, ","):
		return u
	case u == "NEVER" || u == "SUCCESS" || u == "FAILURE" || u == "DELAY":
		return u
	}
	if strings.Contains(u, "N") {
		return "NEVER"
	}
	var w []string
	for _, x := range []struct {
		l byte
		w string
	}{{'S', "SUCCESS"}, {'F', "FAILURE"}, {'D', "DELAY"}} {
		if strings.IndexByte(u, x.l) >= 0 {
			w = append(w, x.w)
		}
	}
	return strings.Join(w, ",")
}

// xtext encodes an address for ORCPT (RFC 3461).
func xtext(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 33 || c > 126 || c == '+' || c == '=' {
			b.WriteString("+" + strings.ToUpper(strconv.FormatInt(int64(c)|0x100, 16)[1:]))
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// transaction sends m to the recipients rs: MAIL, RCPT for each, DATA,
// pipelined when the peer offers PIPELINING.
func (s *session) transaction(mr *ruleset.Mailer, m *Message, rs []Rcpt, data []byte, size int64) txResult {
	to := s.c.Timeouts.withDefaults()
	res := txResult{st: make([]*deliver.Status, len(rs))}
	s.tr.Reset()
	s.headed = map[deliver.Kind]bool{}
	// all gives st to every recipient without an outcome yet; the
	// transcript goes with the first only
	all := func(st *deliver.Status) {
		first := true
		for i := range res.st {
			if res.st[i] == nil {
				res.st[i] = withCopy(st)
				if !first {
					res.st[i].Output = ""
				}
				first = false
			}
		}
	}
	ioFail := func(err error) txResult {
		all(netStatus(err, s.host))
		res.dead = true
		s.conn.Close()
		return res
	}
	if max, ok := s.ext["SIZE"]; ok {
		if n, err := strconv.ParseInt(strings.TrimSpace(max), 10, 64); err == nil && n > 0 && size > n {
			r := &Reply{Code: 552, Lines: []string{"5.3.4 Message size exceeds fixed maximum message size"}}
			st := replyStatus(phMail, r, s.host, "... while talking to "+s.host+":\n"+
				"Message of "+strconv.FormatInt(size, 10)+" bytes is larger than the peer's SIZE "+
				strconv.FormatInt(n, 10)+"; not sent\n", s.has("DSN"), false)
			all(st)
			res.hsDSN, res.hsReply = st.DSN, r.Line()
			return res
		}
	}
	pipe := s.has("PIPELINING")
	if err := s.send(s.mailCmd(m, size), to.Mail); err != nil {
		res.lost = err
		return res
	}
	if !pipe {
		if err := s.flush(); err != nil {
			res.lost = err
			return res
		}
		r, err := s.read(to.Mail)
		if err != nil {
			res.lost = err
			return res
		}
		if r.Code/100 != 2 {
			return s.mailFailed(res, r, all)
		}
		for i, rc := range rs {
			r, err := s.cmd(s.rcptCmd(rc), to.Rcpt)
			if err != nil {
				return ioFail(err)
			}
			if st := s.rcptStatus(r); st != nil {
				res.st[i] = st
				if r.Code == 421 {
					all(res.st[i])
					res.dead = true
					s.conn.Close()
					return res
				}
			}
		}
		if !accepted(res.st) {
			return res
		}
		r, err = s.cmd("DATA", to.DataInit)
		if err != nil {
			return ioFail(err)
		}
		return s.data(mr, res, r, data, all, ioFail)
	}
	for _, rc := range rs {
		s.send(s.rcptCmd(rc), to.Rcpt)
	}
	s.send("DATA", to.DataInit)
	if err := s.flush(); err != nil {
		res.lost = err
		return res
	}
	mail, err := s.read(to.Mail)
	if err != nil {
		res.lost = err
		return res
	}
	var dead *deliver.Status
	for i := range rs {
		r, err := s.read(to.Rcpt)
		if err != nil {
			return ioFail(err)
		}
		if mail.Code/100 != 2 || dead != nil {
			continue
		}
		if st := s.rcptStatus(r); st != nil {
			res.st[i] = st
			if r.Code == 421 {
				dead = st
			}
		}
	}
	if dead != nil {
		all(dead)
		res.dead = true
		s.conn.Close()
		return res
	}
	dr, err := s.read(to.DataInit)
	if err != nil {
		if mail.Code/100 != 2 {
			return s.mailFailed(res, mail, all)
		}
		return ioFail(err)
	}
	if mail.Code/100 != 2 || !accepted(res.st) {
		if dr.Code == 354 {
			// the peer wants data for nobody: end it at once
			s.cmd(".", to.DataFinal)
		}
		if mail.Code/100 != 2 {
			return s.mailFailed(res, mail, all)
		}
		return res
	}
	return s.data(mr, res, dr, data, all, ioFail)
}

func accepted(st []*deliver.Status) bool {
	for _, s := range st {
		if s == nil {
			return true
		}
	}
	return false
}

func (s *session) mailFailed(res txResult, r *Reply, all func(*deliver.Status)) txResult {
	st := s.status(phMail, r)
	all(st)
	if r.Code != 421 {
		res.hsDSN = st.DSN
	}
	res.hsReply = r.Line()
	if r.Code == 421 {
		res.hsReply = ""
		res.dead = true
		s.conn.Close()
	}
	return res
}

// rcptStatus is nil for an accepted recipient.
func (s *session) rcptStatus(r *Reply) *deliver.Status {
	if r.Code/100 == 2 {
		return nil
	}
	return s.status(phRcpt, r)
}

// data sends the message after DATA's reply dr and reads the final reply.
func (s *session) data(mr *ruleset.Mailer, res txResult, dr *Reply, data []byte,
	all func(*deliver.Status), ioFail func(error) txResult) txResult {
	to := s.c.Timeouts.withDefaults()
	if dr.Code != 354 {
		all(s.status(phData, dr))
		res.hsReply = dr.Line()
		if dr.Code == 421 {
			res.dead = true
			s.conn.Close()
		}
		return res
	}
	s.lastCmd = "."
	s.verbose(">>> .\n")
	s.conn.SetWriteDeadline(deadline(to.DataBlock))
	if err := writeData(s.w, data, mr.EOL, mr.LineLimit, mr.Flags['7']); err != nil {
		return ioFail(err)
	}
	r, err := s.read(to.DataFinal)
	if err != nil {
		return ioFail(err)
	}
	res.hsReply = r.Line()
	if r.Code/100 == 2 {
		st := sentStatus(r, s.host, s.has("DSN"))
		res.hsDSN = st.DSN
		for i := range res.st {
			if res.st[i] == nil {
				res.st[i] = withCopy(st)
			}
		}
		return res
	}
	st := s.status(phDataEnd, r)
	res.hsDSN = st.DSN
	all(st)
	if r.Code == 421 {
		res.dead = true
		s.conn.Close()
	}
	return res
}

// prepare is the data as this peer gets it: converted to 7 bits when the
// message is 8-bit, the peer lacks 8BITMIME and the mailer has no F=8.
// A failure is returned in EightBitMode s (strict).
func (s *session) prepare(mr *ruleset.Mailer, m *Message) ([]byte, *deliver.Status) {
	if s.has("8BITMIME") || mr.Flags['8'] {
		return m.Data, nil
	}
	if !m.EightBit && !has8bit(m.Data) {
		return m.Data, nil
	}
	if s.c.EightBitMode == 's' {
		return nil, localStatus(554, "5.6.3", "Cannot send 8-bit data to 7-bit destination", deliver.ExDataErr)
	}
	if Needs8to7(m.Data) {
		return Convert8to7(m.Data, s.c.helo(), m.ID), nil
	}
	return m.Data, nil
}
