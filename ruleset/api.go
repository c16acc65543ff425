package ruleset

import (
	"bytes"
	"strconv"
	"strings"
	"time"
)

// This file is the engine's interface to the MTA: resolving an address
// to its mailer triple, rewriting addresses for a mailer, and expanding
// macros, without printing anything (test mode prints; the MTA turns
// errors into SMTP replies and DSNs).

// Address is an address resolved by ruleset 3 and 0 (sendmail's
// parseaddr): the mailer, host and user of its $# $@ $: triple, with
// ruleset 2, the mailer's R= ruleset and ruleset 4 applied to the user.
type Address struct {
	Mailer *Mailer
	Host   string
	User   string
	// Include is the file of a ":include:" address (Mailer is nil).
	Include string
}

// AddrError is an address the rulesets refuse ($#error, a syntax
// error, a configuration error): an SMTP reply code, an enhanced status
// code and a text, as sendmail gives them.
type AddrError struct {
	Code   int    // 553, 550, 451 ...
	Status string // 5.1.3 ...
	Text   string
	// Host and User are the $@ and $: of a $#error triple as the rules
	// gave them (Host "" when there was none): Host is what sendmail
	// takes its exit status from (an enhanced status code, a number or
	// a name such as nouser or tempfail), User is the text with its
	// reply code (and quotes), which a queued error mailer recipient
	// shows.
	Host, User string
}

func (e *AddrError) Error() string {
	return strconv.Itoa(e.Code) + " " + e.Status + " " + e.Text
}

// Temporary tells whether the error is a temporary failure (4xx).
func (e *AddrError) Temporary() bool { return e.Code/100 == 4 }

// Address flags for ParseAddress and RemoteName.
const (
	AsSender = rfSender // the envelope or header sender
	InHeader = rfHeader // a header address, not an envelope one
)

// ParseAddress resolves addr as sendmail's parseaddr does (the /parse
// test-mode command). flags is a combination of AsSender and InHeader.
func (c *Config) ParseAddress(addr string, flags int) (Address, error) {
	toks, _, perrs := prescan(addr, 0, c.extTab, nil)
	if len(perrs) > 0 {
		return Address{}, &AddrError{Code: 553, Status: "5.1.3", Text: perrs[0], Host: "5.1.3"}
	}
	if len(toks) == 0 {
		return Address{}, &AddrError{Code: 553, Status: "5.1.3", Text: "Null address", Host: "5.1.3"}
	}
	return c.resolveTokens(addr, toks, flags)
}

// resolveTokens is ParseAddress after prescan: rulesets 3 and 0, then
// the mailer triple.
func (c *Config) resolveTokens(addr string, toks []string, flags int) (Address, error) {
	var buf bytes.Buffer
	old := c.Out
	c.Out = &buf
	defer func() { c.Out = old }()
	errs0 := c.Errors
	toks, st := c.rewrite(toks, 3, 0, maxAtom)
	if st == exTempFail {
		return Address{}, &AddrError{Code: 451, Status: "4.3.0", Text: "Temporary failure in rewriting", Host: "4.3.0"}
	}
	toks, st = c.rewrite(toks, 0, 0, maxAtom)
	if st == exTempFail {
		return Address{}, &AddrError{Code: 451, Status: "4.3.0", Text: "Temporary failure in rewriting", Host: "4.3.0"}
	}
	if len(toks) > 1 && toks[0] == "\x96" && strings.EqualFold(toks[1], "error") {
		return Address{}, c.errorTriple(toks)
	}
	a := c.buildaddr(addr, toks, flags)
	if a.mailer == "*error*" || c.Errors > errs0 {
		c.Errors = errs0
		text := strings.TrimSpace(buf.String())
		if text == "" {
			text = "buildaddr: cannot resolve address"
		}
		return Address{}, &AddrError{Code: 554, Status: "5.3.5", Text: strings.TrimPrefix(text, "554 5.3.5 "), Host: "software"}
	}
	if a.mailer == "*include*" {
		return Address{Include: a.user}, nil
	}
	return Address{Mailer: c.mailerN[strings.ToLower(a.mailer)], Host: a.host, User: a.user}, nil
}

// Resolve resolves addr as sendmail's parseaddr does when it builds a
// recipient: the syntax errors prescan can repair (an unbalanced quote,
// parenthesis or angle bracket) are returned in syntax, for the caller
// to report, and the address still resolves from what is left. When
// nothing is left (only a comment, say), the Address is empty (no
// Mailer, no Include) and err is nil. Other failures are an *AddrError,
// as from ParseAddress.
func (c *Config) Resolve(addr string, flags int) (a Address, syntax []string, err error) {
	toks, _, syntax := prescan(addr, 0, c.extTab, nil)
	if len(toks) == 0 {
		return Address{}, syntax, nil
	}
	a, err = c.resolveTokens(addr, toks, flags)
	return a, syntax, err
}

// CheckPair runs the ruleset name on "a $| b", as sendmail runs
// check_compat on a sender and a recipient, and reports what its result
// names after $#: nothing ("", also when the .cf has no such ruleset),
// "discard", or "error" with the triple as an AddrError (Host is the $@
// status, User the $: text). st is the rewrite's status: EX_TEMPFAIL
// when a map lookup failed for now.
func (c *Config) CheckPair(name, a, b string) (verdict string, ae *AddrError, st int) {
	rs, ok := c.FindRuleset(name)
	if !ok || c.RWSets[rs] == nil {
		return "", nil, exOK
	}
	toks := c.Tokens(a)
	toks = append(toks, "\x9b")
	toks = append(toks, c.Tokens(b)...)
	out, st := c.Rewrite(toks, rs)
	if len(out) < 2 || out[0] != "\x96" {
		return "", nil, st
	}
	verdict = strings.ToLower(out[1])
	if verdict == "error" {
		ae = c.errorTriple(out)
	}
	return verdict, ae, st
}

// SplitAddress finds where the first address of list ends, as
// sendmail's prescan does when it reads an address list: at the first
// delim (',', or ' ' for an old-style list) outside quotes, comments and
// angle brackets; when an angle bracket is left open, at the first delim
// inside it. It returns that address's text and what follows the
// delimiter ("" at the end of list).
func (c *Config) SplitAddress(list string, delim byte) (addr, rest string) {
	// a delimiter and an address after the list tell a delimiter that
	// ends the address from one inside an open quote or comment
	_, n, _ := prescan(list+string(delim)+"x", delim, c.extTab, nil)
	if n > len(list) {
		return list, ""
	}
	return list[:n-1], list[n:]
}

// errorTriple turns "$#error $@ status $: text" into an AddrError.
func (c *Config) errorTriple(tv []string) *AddrError {
	host, user, text := "", "", ""
	i := 2
	if i < len(tv) && tv[i] == "\x97" {
		j := i + 1
		for j < len(tv) && tv[j] != "\x98" {
			j++
		}
		host = c.cataddr(tv[i+1:j], 0)
		i = j
	}
	if i < len(tv) && tv[i] == "\x98" {
		user = c.cataddr(tv[i+1:], ' ')
		text = stripQuotes(user)
	}
	e := &AddrError{Host: host, User: user}
	e.Code, e.Status, e.Text = ErrorReply(host, text)
	return e
}

// HasReplyCode tells whether text starts with a three-digit reply code
// and a blank or a dash, as an $#error text may.
func HasReplyCode(text string) bool {
	return len(text) >= 4 && isDigit(text[0]) && isDigit(text[1]) && isDigit(text[2]) && (text[3] == ' ' || text[3] == '-')
}

// ErrorReply is the reply a "$#error $@ status $: text" triple makes:
// the text may start with a reply code (553 when it does not) and an
// enhanced status code (class.0.0 of the reply code when it does not);
// a status given with $@ wins, and a 4 in it makes a 5xx code 451.
func ErrorReply(status, text string) (code int, enh, msg string) {
	code, enh, msg = 553, "5.3.0", text
	if HasReplyCode(text) {
		code, _ = strconv.Atoi(text[:3])
		msg = text[4:]
		if n := enhancedCode(msg); n > 0 {
			enh = msg[:n]
			msg = strings.TrimLeft(msg[n:], " ")
		} else {
			enh = strconv.Itoa(code/100) + ".0.0"
		}
	}
	if enhancedCode(status+" ") > 0 {
		enh = status
		if status[0] == '4' && code/100 == 5 {
			code = 451
		}
	}
	return code, enh, msg
}

// EnhancedLen is the length of an enhanced status code ("5.7.1") at the
// start of s when a blank follows it, else 0.
func EnhancedLen(s string) int { return enhancedCode(s) }

// RemoteName rewrites addr for mailer m (rulesets 3, 1 or 2, the
// mailer's S= or R= ruleset, and 4), keeping the comment or phrase
// around it; flags is a combination of AsSender and InHeader. It
// returns addr unchanged when the address does not parse.
func (c *Config) RemoteName(addr string, m *Mailer, flags int) string {
	old := c.Out
	c.Out = nil
	defer func() { c.Out = old }()
	s, _ := c.remotename(addr, m, flags)
	return s
}

// Expand expands the macros of s, a string in the .cf's internal form
// (as H lines and mailer arguments are stored), $?x $| $. included.
func (c *Config) Expand(s string) string { return c.expand(s) }

// ExpandText expands a string written as in a .cf file ("$j", "${name}").
func (c *Config) ExpandText(s string) string { return c.expand(translate(s)) }

// MailerByName returns the mailer of that name ("local", "prog",
// "*file*"), or nil.
func (c *Config) MailerByName(name string) *Mailer { return c.mailerN[strings.ToLower(name)] }

// Tokens splits an address into tokens as ruleset input, comments
// dropped; it is what Rewrite takes.
func (c *Config) Tokens(addr string) []string {
	toks, _, _ := prescan(addr, 0, c.extTab, nil)
	return toks
}

// Join puts tokens back together as sendmail's cataddr does.
func (c *Config) Join(toks []string) string { return c.cataddr(toks, 0) }

// Option returns an option's value by its long name ("QueueDirectory",
// "Timeout.queuereturn") and whether it was set.
func (c *Config) Option(name string) (string, bool) {
	v, ok := c.Options[name]
	return v, ok
}

// Unexpanded returns s in the .cf's internal form, as Expand takes it.
func Unexpanded(s string) string { return translate(s) }

// External turns a string in internal form back into .cf text ($x).
func External(s string) string {
	var b strings.Builder
	xputs(&b, s)
	return b.String()
}

// ConvTime reads a time value as sendmail does ("1h30m", "5d"; a number
// without a unit is in units: 's', 'm', 'h', 'd' or 'w').
func ConvTime(s string, units byte) time.Duration {
	return time.Duration(convtime(s, units)) * time.Second
}

// LookupMap looks key up in the map a K line declared (as $(name key$)
// does). A temporary failure is reported as an error.
func (c *Config) LookupMap(name, key string) (string, bool, error) {
	v, ok, st := c.mapLookup(name, key, nil)
	if st == exTempFail {
		return "", false, &AddrError{Code: 451, Status: "4.3.0", Text: "map " + name + ": temporary failure"}
	}
	return v, ok, nil
}

// LocalAddr runs a local recipient's user name through ruleset 5 (the
// "localaddr" ruleset of mailers with F=5), with $h the recipient's
// host, as sendmail does once an alias lookup has found nothing. When the
// ruleset resolves it to a mailer triple ($#...), changed is true and a
// is the new address (or err its $#error); otherwise the user stays.
func (c *Config) LocalAddr(user, host string) (a Address, changed bool, err error) {
	if c.RWSets[5] == nil || len(c.RWSets[5].Rules) == 0 {
		return Address{}, false, nil
	}
	toks, _, perrs := prescan(user, 0, c.extTab, nil)
	if len(perrs) > 0 || len(toks) == 0 {
		return Address{}, false, nil
	}
	old, had := c.macros["h"]
	if host != "" {
		c.macros["h"] = host
	} else {
		delete(c.macros, "h")
	}
	defer func() {
		if had {
			c.macros["h"] = old
		} else {
			delete(c.macros, "h")
		}
	}()
	toks, st := c.rewrite(toks, 5, 0, maxAtom)
	if st == exTempFail {
		return Address{}, true, &AddrError{Code: 451, Status: "4.3.0", Text: "Temporary failure in rewriting", Host: "4.3.0"}
	}
	if len(toks) == 0 || toks[0] != "\x96" {
		return Address{}, false, nil
	}
	if len(toks) > 1 && strings.EqualFold(toks[1], "error") {
		return Address{}, true, c.errorTriple(toks)
	}
	var buf bytes.Buffer
	out := c.Out
	c.Out = &buf
	errs0 := c.Errors
	b := c.buildaddr(user, toks, 0)
	c.Out = out
	if b.mailer == "*error*" || c.Errors > errs0 {
		c.Errors = errs0
		return Address{}, false, nil
	}
	if b.mailer == "*include*" {
		return Address{Include: b.user}, true, nil
	}
	return Address{Mailer: c.mailerN[strings.ToLower(b.mailer)], Host: b.host, User: b.user}, true, nil
}
