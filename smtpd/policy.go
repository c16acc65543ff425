package smtpd

import (
	"strconv"
	"strings"

	"github.com/gosendmail/gosendmail/ruleset"
)

// verdict is what a policy ruleset (check_relay, check_mail ...) said.
type verdict struct {
	kind int
	code int    // vError: the reply code
	enh  string // and enhanced status code
	text string
}

const (
	vAccept  = iota // no $# (or $#OK, $#RELAY ...): go on
	vError          // $#error
	vDiscard        // $#discard: accept, then drop the message
	vNumber         // $# N (greet_pause's milliseconds): in code
)

// line is the verdict as one reply line.
func (v verdict) line() string {
	return strconv.Itoa(v.code) + " " + v.enh + " " + v.text
}

// exTempFail is sysexits' EX_TEMPFAIL, a ruleset's temporary failure.
const exTempFail = 75

// hasCheck tells whether the .cf has the policy ruleset name: one it
// lacks accepts, and is not worth the MTA's lock (the rulesets are the
// configuration's, fixed once it is read).
func (s *session) hasCheck(name string) bool {
	c := s.m.Cf
	rs, ok := c.FindRuleset(name)
	return ok && c.RWSets[rs] != nil
}

// check runs a policy ruleset on arg1 (and "$| arg2" when two) as
// sendmail's rscheck does; the caller holds the lock. A ruleset the .cf
// does not have accepts.
func (s *session) check(name, arg1, arg2 string, two bool) verdict {
	c := s.m.Cf
	rs, ok := c.FindRuleset(name)
	if !ok || c.RWSets[rs] == nil {
		return verdict{}
	}
	toks := c.Tokens(arg1)
	if two {
		toks = append(toks, "\x9b")
		toks = append(toks, c.Tokens(arg2)...)
	}
	out, st := c.Rewrite(toks, rs)
	if st == exTempFail {
		return verdict{kind: vError, code: 451, enh: "4.3.0", text: "Temporary system failure. Please try again later."}
	}
	if len(out) < 2 || out[0] != "\x96" {
		return verdict{}
	}
	switch strings.ToLower(out[1]) {
	case "error":
		return s.errorVerdict(out[2:])
	case "discard":
		return verdict{kind: vDiscard}
	}
	if isDigits(out[1]) {
		n, _ := strconv.Atoi(out[1])
		return verdict{kind: vNumber, code: n}
	}
	return verdict{}
}

// errorVerdict reads "$@ status $: text" after $#error: the text may
// start with a reply code and an enhanced status code; a status given
// with $@ wins, and a 4 in it makes a 5xx code 451.
func (s *session) errorVerdict(tv []string) verdict {
	host, text := "", ""
	i := 0
	if i < len(tv) && tv[i] == "\x97" {
		j := i + 1
		for j < len(tv) && tv[j] != "\x98" {
			j++
		}
		host = joinTokens(tv[i+1:j], 0)
		i = j
	}
	if i < len(tv) && tv[i] == "\x98" {
		text = unquote(joinTokens(tv[i+1:], ' '))
	}
	v := verdict{kind: vError}
	v.code, v.enh, v.text = ruleset.ErrorReply(host, text)
	return v
}

// joinTokens puts tokens together; sub (when not 0) goes between two
// atoms, as in sendmail's cataddr.
func joinTokens(toks []string, sub byte) string {
	var b strings.Builder
	prevAtom := false
	for _, t := range toks {
		atom := t != "" && isAtomByte(t[0])
		if sub != 0 && prevAtom && atom {
			b.WriteByte(sub)
		}
		b.WriteString(t)
		prevAtom = atom
	}
	return b.String()
}

func isAtomByte(c byte) bool {
	return c < 0x80 && !strings.ContainsRune(".:%@!^/[]+<>()\",;\\ \t", rune(c))
}

// unquote drops the double quotes of a text ("550 go away").
func unquote(s string) string {
	if !strings.ContainsAny(s, "\"\\") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			b.WriteByte('\\')
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
