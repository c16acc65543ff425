package ruleset

import "strings"

// address is what parseaddr resolves an address to.
type address struct {
	mailer, host, user string
}

// parseaddr runs an address through rulesets 3 and 0 and builds the
// mailer triple, as sendmail's parseaddr does for /parse.
func (c *Config) parseaddr(addr string, flags int) (address, bool) {
	toks, _, errs := prescan(addr, 0, c.extTab, nil)
	if len(errs) > 0 {
		c.usrerrAddr(addr, errs)
	}
	if len(toks) == 0 {
		return address{}, false
	}
	toks, _ = c.rewrite(toks, 3, 0, maxAtom)
	toks, _ = c.rewrite(toks, 0, 0, maxAtom)
	return c.buildaddr(addr, toks, flags), true
}

func (c *Config) buildaddr(addr string, tv []string, flags int) address {
	bad := address{mailer: "*error*"}
	if len(tv) == 0 || tv[0] != "\x96" {
		c.syserr("554 5.3.5 buildaddr: no mailer in parsed address")
		return bad
	}
	i := 1
	mname := ""
	if i < len(tv) {
		mname = tv[i]
		i++
	}
	hostStart := -1
	if i < len(tv) && tv[i] == "\x97" {
		i++
		hostStart = i
	}
	for i < len(tv) && tv[i] != "\x98" {
		i++
	}
	if i >= len(tv) {
		c.syserr("554 5.3.5 buildaddr: no user")
		return bad
	}
	host := ""
	hasHost := hostStart >= 0 && hostStart != i
	if hasHost {
		host = c.cataddr(tv[hostStart:i], 0)
	}
	user := tv[i+1:]
	ubuf := c.cataddr(user, ' ')
	if strings.EqualFold(mname, "error") {
		a := address{mailer: "*error*", user: ubuf}
		if hasHost {
			a.host = host
		}
		c.errorMessage(addr, stripQuotes(ubuf))
		return a
	}
	m := c.mailerN[strings.ToLower(mname)]
	if m == nil {
		c.syserr("554 5.3.5 buildaddr: unknown mailer %s", mname)
		return bad
	}
	a := address{mailer: m.Name}
	if !hasHost {
		if !m.Flags['l'] {
			c.syserr("554 5.3.5 buildaddr: no host")
			return bad
		}
	} else {
		a.host = host
	}
	p := ubuf
	if strings.HasPrefix(p, "\"") {
		p = p[1:]
	}
	switch {
	case strings.HasPrefix(p, "|") && m.Flags['|']:
		m = c.mailerN["prog"]
		a.mailer = m.Name
	case strings.HasPrefix(p, "/") && m.Flags['/']:
		m = c.mailerN["*file*"]
		a.mailer = m.Name
	case strings.HasPrefix(p, ":") && m.Flags[':']:
		s := stripQuotes(ubuf)
		if len(s) >= 9 && strings.EqualFold(s[:9], ":include:") {
			a.mailer = "*include*"
			a.user = s[9:]
			return a
		}
	}
	if hasHost {
		c.macros["h"] = host
	} else {
		delete(c.macros, "h")
	}
	if c.Level >= 10 || flags&(rfSender|rfHeader) == 0 {
		user, _ = c.rewrite(user, 2, 0, maxAtom)
		if m.REnv > 0 {
			user, _ = c.rewrite(user, m.REnv, 0, maxAtom)
		}
	}
	user, _ = c.rewrite(user, 4, 0, maxAtom)
	a.user = c.cataddr(user, 0)
	if a.host != "" && !m.Flags['h'] {
		a.host = lowerASCII(a.host)
	}
	if !m.Flags['u'] {
		a.user = lowerASCII(a.user)
	}
	return a
}

// errorMessage prints the text of a $#error address as usrerr would.
func (c *Config) errorMessage(addr, msg string) {
	text := msg
	if HasReplyCode(msg) {
		text = msg[4:]
		if n := enhancedCode(text); n > 0 {
			text = strings.TrimLeft(text[n:], " ")
		}
	}
	c.printf("%s... %s\n", addr, text)
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// enhancedCode returns the length of a leading enhanced status code
// ("5.1.1") followed by a space, or 0.
func enhancedCode(s string) int {
	i := 0
	for part := 0; part < 3; part++ {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == i {
			return 0
		}
		i = j
		if part < 2 {
			if i >= len(s) || s[i] != '.' {
				return 0
			}
			i++
		}
	}
	if i < len(s) && s[i] == ' ' {
		return i
	}
	return 0
}

// remotename rewrites an address for a mailer (/try): rulesets 3, 1 or
// 2, the mailer's, and 4, then puts it back into its comment.
func (c *Config) remotename(name string, m *Mailer, flags int) (string, int) {
	var rwset int
	if flags&rfSender != 0 {
		rwset = m.SEnv
		if flags&rfHeader != 0 {
			rwset = m.SHdr
		}
	} else {
		rwset = m.REnv
		if flags&rfHeader != 0 {
			rwset = m.RHdr
		}
	}
	c.macros["addr_type"] = c.addrType()
	fancy := "\x81g"
	if !m.Flags['c'] {
		fancy = crackaddr(name)
	}
	pstat := 0
	toks, _, errs := prescan(name, 0, c.extTab, nil)
	if len(errs) > 0 {
		c.usrerrAddr(name, errs)
	}
	if len(toks) == 0 {
		return name, pstat
	}
	var st int
	note := func() {
		if st == exTempFail {
			pstat = exTempFail
		}
	}
	toks, st = c.rewrite(toks, 3, 0, maxAtom)
	note()
	if flags&rfSender != 0 {
		toks, st = c.rewrite(toks, 1, 0, maxAtom)
	} else {
		toks, st = c.rewrite(toks, 2, 0, maxAtom)
	}
	note()
	if rwset > 0 {
		toks, st = c.rewrite(toks, rwset, 0, maxAtom)
		note()
	}
	toks, st = c.rewrite(toks, 4, 0, maxAtom)
	note()
	lbuf := c.cataddr(toks, 0)
	old, had := c.macros["g"]
	c.macros["g"] = lbuf
	out := c.expand(fancy)
	if had {
		c.macros["g"] = old
	} else {
		delete(c.macros, "g")
	}
	return out, pstat
}

// crackaddr replaces the address part of a header address with $g,
// keeping the comment and phrase around it.
func crackaddr(addr string) string {
	s := strings.TrimLeft(addr, " \t")
	// find an angle-bracketed address outside quotes and comments
	quote, cmnt := false, 0
	lt := -1
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '\\':
			i++
		case quote:
			if ch == '"' {
				quote = false
			}
		case ch == '"':
			quote = true
		case ch == '(':
			cmnt++
		case ch == ')' && cmnt > 0:
			cmnt--
		case cmnt > 0:
		case ch == '<' && lt < 0:
			lt = i
		}
	}
	if lt >= 0 {
		depth := 0
		gt := -1
		for i := lt; i < len(s); i++ {
			if s[i] == '<' {
				depth++
			} else if s[i] == '>' {
				depth--
				if depth == 0 {
					gt = i
					break
				}
			}
		}
		suffix := ""
		if gt >= 0 {
			suffix = s[gt+1:]
		}
		return s[:lt] + "<\x81g>" + suffix
	}
	// no angle brackets: keep comments, replace the rest by $g
	var b strings.Builder
	put := false
	cmnt = 0
	quote = false
	pendingSpace := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if cmnt > 0 {
			b.WriteByte(ch)
			if ch == '\\' && i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			} else if ch == '(' {
				cmnt++
			} else if ch == ')' {
				cmnt--
			}
			continue
		}
		if !quote && ch == '(' {
			if pendingSpace || put {
				b.WriteByte(' ')
			}
			pendingSpace = false
			cmnt = 1
			b.WriteByte(ch)
			continue
		}
		if !quote && (ch == ' ' || ch == '\t') {
			pendingSpace = true
			continue
		}
		if ch == '"' {
			quote = !quote
		}
		if ch == '\\' {
			i++
		}
		if !put {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString("\x81g")
			put = true
		}
		pendingSpace = false
	}
	for ; cmnt > 0; cmnt-- {
		b.WriteByte(')')
	}
	return strings.TrimRight(b.String(), " ")
}
