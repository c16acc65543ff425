package ruleset

import "strings"

// Internal codes of the rewriting metasymbols. A token holding one of
// these bytes (alone, or followed by an argument byte for $=X, $~X, $n
// and macro references) is a metasymbol; every other token is text.
// The values are sendmail's, so that 8-bit bytes in addresses collide
// with them exactly where they collide in sendmail.
const (
	cMacroExpand  = 0x81 // $x in a .cf line, before expansion
	cMacroDExpand = 0x82 // $&x
	cLookupBegin  = 0x85 // $(
	cLookupEnd    = 0x86 // $)
	cMatchZany    = 0x90 // $*
	cMatchAny     = 0x91 // $+
	cMatchOne     = 0x92 // $-
	cMatchClass   = 0x93 // $=X
	cMatchNClass  = 0x94 // $~X
	cMatchRepl    = 0x95 // $1..$9
	cCanonNet     = 0x96 // $#
	cCanonHost    = 0x97 // $@ (on the LHS: match zero tokens)
	cCanonUser    = 0x98 // $:
	cCallSubr     = 0x99 // $>
	cCondIf       = 0x9a // $?
	cCondElse     = 0x9b // $|
	cCondFi       = 0x9c // $.
	cHostBegin    = 0x9d // $[
	cHostEnd      = 0x9e // $]
)

// metaChars maps the character after '$' in a .cf line to its code.
var metaChars = [256]byte{
	'*': cMatchZany, '+': cMatchAny, '-': cMatchOne, '=': cMatchClass,
	'~': cMatchNClass, '#': cCanonNet, '@': cCanonHost, ':': cCanonUser,
	'>': cCallSubr, '?': cCondIf, '|': cCondElse, '.': cCondFi,
	'[': cHostBegin, ']': cHostEnd, '(': cLookupBegin, ')': cLookupEnd,
	'&': cMacroDExpand,
}

// metaNames is the reverse of metaChars, for printing.
var metaNames = func() [256]byte {
	var t [256]byte
	for c, v := range metaChars {
		if v != 0 {
			t[v] = byte(c)
		}
	}
	t[cMatchRepl] = '1'
	t[cMacroExpand] = 0
	return t
}()

// character types of the tokenizer
const (
	tOPR = iota // operator: a token of its own
	tATM        // part of an atom
	tQST        // quote
	tSPC        // white space
	tONE        // a one-character token
	tILL        // illegal

	// tStripComments in a table's entry for NUL: drop (comments), as
	// sendmail's tokenizer does for addresses it parses as such.
	tStripComments = 99
)

// tokenTab is a character-type table.
type tokenTab [256]uint8

// newTokenTab builds the table for the given operator characters; meta
// tells whether the internal metasymbol bytes are single tokens (in
// configuration lines) or ordinary characters (in addresses).
func newTokenTab(opers string, meta bool) *tokenTab {
	var t tokenTab
	for i := range t {
		t[i] = tATM
	}
	for _, c := range []byte(opers) {
		t[c] = tOPR
	}
	for _, c := range []byte("()<>,;\r\n") {
		t[c] = tOPR
	}
	t[' '] = tSPC
	t['\t'] = tSPC
	t['"'] = tQST
	if meta {
		// continuation lines of a .cf line keep their newline
		t['\n'] = tSPC
		for c := 0x80; c <= 0xa0; c++ {
			t[c] = tONE
		}
	}
	return &t
}

// scanError is a tokenizer complaint ("Unbalanced '>'").
type scanError struct{ msg string }

// prescan splits s into tokens, stopping at an unquoted delim (0 for
// none). It returns the tokens, the number of bytes of s consumed (the
// delimiter included) and the complaints, in order. Like sendmail it
// repairs what it complains about: an unbalanced quote or '<' is
// closed, an unbalanced '>' dropped.
func prescan(s string, delim byte, tab *tokenTab, argOf func(code byte) bool) (toks []string, n int, errs []string) {
	var tok []byte
	state := -1 // no token in progress
	angle := 0
	i := 0
	firstDelim, delimToks := -1, 0 // a delimiter seen inside <>
	flush := func() {
		if state >= 0 {
			toks = append(toks, string(tok))
			tok = tok[:0]
			state = -1
		}
	}
	for i < len(s) {
		c := s[i]
		i++
		if state == tQST {
			tok = append(tok, c)
			if c == '\\' {
				if i < len(s) {
					tok = append(tok, s[i])
					i++
				}
				continue
			}
			if c == '"' {
				flush()
			}
			continue
		}
		if c == delim && delim != 0 {
			if angle <= 0 {
				break
			}
			if firstDelim < 0 {
				firstDelim = i
				n := len(toks)
				if state >= 0 {
					n++
				}
				delimToks = n
			}
		}
		if c == '\\' {
			// the escape and the next character join the atom
			if state != tATM {
				flush()
				state = tATM
			}
			tok = append(tok, c)
			if i < len(s) {
				tok = append(tok, s[i])
				i++
			} else {
				tok = tok[:len(tok)-1]
				if len(tok) == 0 {
					state = -1
				}
			}
			continue
		}
		typ := tab[c]
		if tab[0] == tStripComments && (c == '(' || c == ')') {
			flush()
			if c == ')' {
				errs = append(errs, "Unbalanced ')'")
				continue
			}
			depth := 1
			for i < len(s) && depth > 0 {
				switch s[i] {
				case '\\':
					i++
				case '(':
					depth++
				case ')':
					depth--
				}
				i++
			}
			if depth > 0 {
				errs = append(errs, "Unbalanced '('")
			}
			continue
		}
		switch typ {
		case tSPC:
			flush()
		case tQST:
			flush()
			state = tQST
			tok = append(tok, c)
		case tOPR:
			if c == '<' {
				angle++
			} else if c == '>' {
				if angle <= 0 {
					errs = append(errs, "Unbalanced '>'")
					continue
				}
				angle--
			}
			flush()
			toks = append(toks, s[i-1:i])
		case tONE:
			flush()
			t := s[i-1 : i]
			if argOf != nil && argOf(c) && i < len(s) {
				// the argument byte(s) of $=X, $n, macro references
				j := i
				if s[j] == '{' {
					if k := strings.IndexByte(s[j:], '}'); k > 0 {
						j += k + 1
					} else {
						j = len(s)
					}
				} else {
					j++
				}
				t += s[i:j]
				i = j
			}
			toks = append(toks, t)
		default:
			if state != tATM {
				flush()
				state = tATM
			}
			tok = append(tok, c)
		}
	}
	if state == tQST {
		errs = append(errs, "Unbalanced '\"'")
		tok = append(tok, '"')
	}
	flush()
	if angle > 0 && firstDelim >= 0 {
		// take the address up to the first delimiter seen, closed
		toks = toks[:delimToks]
		i = firstDelim
		angle = 0
		for _, t := range toks {
			if t == "<" {
				angle++
			} else if t == ">" {
				angle--
			}
		}
		errs = append(errs, "Unbalanced '<'")
		for ; angle > 0; angle-- {
			toks = append(toks, ">")
		}
		return toks, i, errs
	}
	if angle > 0 {
		errs = append(errs, "Unbalanced '<'")
		for ; angle > 0; angle-- {
			toks = append(toks, ">")
		}
	}
	return toks, i, errs
}

// isMeta tells whether a token is a metasymbol.
func isMeta(t string) bool {
	return len(t) > 0 && t[0] >= 0x80 && t[0] <= 0xa0 && metaNames[t[0]] != 0 || len(t) > 0 && t[0] == cMacroExpand
}

// xputs renders a token or string the way sendmail prints it: internal
// codes as their $ forms, control characters as \n, \r, \t or ^X, other
// 8-bit bytes as M-x.
func xputs(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			switch {
			case c == cMatchRepl:
				b.WriteByte('$')
				if i+1 >= len(s) {
					continue
				}
				i++
				c = s[i]
			case c == cMacroExpand || c == cMacroDExpand:
				b.WriteByte('$')
				if c == cMacroDExpand {
					b.WriteByte('&')
				}
				if i+1 >= len(s) {
					continue
				}
				i++
				if strings.IndexByte("=~&?", s[i]) >= 0 {
					b.WriteByte(s[i])
					i++
					if i >= len(s) {
						continue
					}
				}
				i = writeMacName(b, s, i)
				continue
			case metaNames[c] != 0:
				b.WriteByte('$')
				b.WriteByte(metaNames[c])
				if (c == cMatchClass || c == cMatchNClass || c == cCondIf) && i+1 < len(s) {
					i = writeMacName(b, s, i+1)
				}
				continue
			default:
				b.WriteString("M-")
				c &= 0x7f
			}
		}
		if c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
			continue
		}
		switch c {
		case '\n':
			c = 'n'
		case '\r':
			c = 'r'
		case '\t':
			c = 't'
		}
		if c >= 0x20 && c < 0x7f {
			b.WriteByte('\\')
			b.WriteByte(c)
		} else {
			b.WriteByte('^')
			b.WriteByte(c ^ 0x40)
		}
	}
}

// writeMacName prints the macro name at s[i] ("x" or "{name}") and
// returns the index of its last byte.
func writeMacName(b *strings.Builder, s string, i int) int {
	if s[i] == '{' {
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s[i:])
			return len(s) - 1
		}
		b.WriteString(s[i : i+j+1])
		return i + j
	}
	b.WriteByte(s[i])
	return i
}

// tokString renders tokens separated by spaces, as sendmail's trace does.
func tokString(toks []string) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		xputs(&b, t)
	}
	return b.String()
}
