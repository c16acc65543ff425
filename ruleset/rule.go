package ruleset

import "strings"

// pattern element kinds
const (
	pLit    = iota // a token compared without regard to case
	pZany          // $*
	pAny           // $+
	pOne           // $-
	pClass         // $=X
	pNClass        // $~X
	pZero          // $@ on the LHS
	pDMacro        // $&x on the LHS: the macro's run-time value
)

type pat struct {
	kind int
	lit  string // literal token, or class / macro name
	id   int    // class number
}

// replacement element kinds
const (
	rLit    = iota // a token (metasymbols included)
	rRepl          // $n
	rDMacro        // $&x
)

type rep struct {
	kind int
	tok  string // token, or macro name
	n    int    // for rRepl: 0-based match index
}

// cfArg tells which internal codes take a name or digit argument.
func cfArg(code byte) bool {
	switch code {
	case cMatchClass, cMatchNClass, cMacroDExpand, cMatchRepl, cMacroExpand, cCondIf:
		return true
	}
	return false
}

// ruleLine compiles an R line (bp starts with 'R', already translated).
func (c *Config) ruleLine(bp string) {
	tab := strings.IndexByte(bp, '\t')
	if tab < 0 {
		c.syserr("invalid rewrite line \"%s\" (tab expected)", untranslate(bp))
		return
	}
	r := &Rule{Line: c.lineNo}
	lhs, _, _ := prescan(c.expand(bp[1:tab]), '\t', c.cfTab, cfArg)
	r.LHS = lhs
	nfuzzy := 0
	if len(lhs) == 0 {
		c.syserr("R line: null LHS")
	}
	for _, t := range lhs {
		botch := ""
		switch t[0] {
		case cMatchZany, cMatchAny, cMatchOne, cMatchClass, cMatchNClass:
			nfuzzy++
		case cMatchRepl:
			botch = "$1-$9"
		case cCanonUser:
			botch = "$:"
		case cCallSubr:
			botch = "$>"
		case cCondIf:
			botch = "$?"
		case cCondFi:
			botch = "$."
		case cHostBegin:
			botch = "$["
		case cHostEnd:
			botch = "$]"
		case cLookupBegin:
			botch = "$("
		case cLookupEnd:
			botch = "$)"
		}
		if botch != "" {
			c.syserr("Inappropriate use of %s on LHS", botch)
		}
	}
	if nfuzzy > 9 {
		c.syserr("R line: too many wildcards")
		r.LHS = nil
	}
	p := tab
	for p < len(bp) && bp[p] == '\t' {
		p++
	}
	q := p
	for p < len(bp) && bp[p] != '\t' {
		p++
	}
	rhs, _, _ := prescan(c.expand(bp[q:p]), '\t', c.cfTab, cfArg)
	r.RHS = rhs
	if len(rhs) == 0 && q == p {
		c.syserr("R line: null RHS")
	}
	inmap := false
	var endtok byte
	args := 0
	for _, t := range rhs {
		botch := ""
		switch t[0] {
		case cMatchRepl:
			if len(t) < 2 || t[1] <= '0' || int(t[1]) > '0'+nfuzzy {
				d := byte('?')
				if len(t) > 1 {
					d = t[1]
				}
				c.syserr("replacement $%c out of bounds", d)
			}
		case cMatchZany:
			botch = "$*"
		case cMatchAny:
			botch = "$+"
		case cMatchOne:
			botch = "$-"
		case cMatchClass:
			botch = "$="
		case cMatchNClass:
			botch = "$~"
		case cCanonHost:
			if inmap {
				args++
				if args >= 10 {
					c.syserr("too many arguments for map lookup")
				}
			}
		case cHostBegin, cLookupBegin:
			if t[0] == cHostBegin {
				endtok = cHostEnd
			} else {
				endtok = cLookupEnd
			}
			if inmap {
				c.syserr("cannot nest map lookups")
			}
			inmap = true
			args = 0
		case cHostEnd, cLookupEnd:
			if t[0] == endtok {
				inmap = false
				endtok = 0
			}
		}
		if botch != "" {
			c.syserr("Inappropriate use of %s on RHS", botch)
		}
	}
	if inmap {
		c.syserr("missing map closing token")
	}
	r.compile()
	for i := range r.pat {
		if k := r.pat[i].kind; k == pClass || k == pNClass {
			r.pat[i].id = c.classIndex(r.pat[i].lit)
		}
	}
	rs := c.RWSets[c.curRW]
	if rs == nil {
		rs = &Ruleset{Num: c.curRW}
		c.RWSets[c.curRW] = rs
	}
	rs.Rules = append(rs.Rules, r)
}

// untranslate shows a translated line as sendmail's messages show it:
// each "$x" as the byte 0x81 (printed as ^A) followed by x.
func untranslate(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == cMacroExpand:
			b = append(b, cMacroExpand)
		case ch == cMatchRepl:
			b = append(b, cMacroExpand)
		case ch >= 0x80 && metaNames[ch] != 0:
			b = append(b, cMacroExpand, metaNames[ch])
		default:
			b = append(b, ch)
		}
	}
	return string(b)
}

// compile turns the token lists into patterns and replacements.
func (r *Rule) compile() {
	r.pat = make([]pat, 0, len(r.LHS))
	for _, t := range r.LHS {
		var p pat
		switch t[0] {
		case cMatchZany:
			p.kind = pZany
		case cMatchAny:
			p.kind = pAny
		case cMatchOne:
			p.kind = pOne
		case cMatchClass, cMatchNClass:
			p.kind = pClass
			if t[0] == cMatchNClass {
				p.kind = pNClass
			}
			p.lit, _ = macName(t, 1)
		case cCanonHost:
			p.kind = pZero
		case cMacroDExpand:
			p.kind = pDMacro
			p.lit, _ = macName(t, 1)
		default:
			p.kind = pLit
			p.lit = t
		}
		r.pat = append(r.pat, p)
		switch p.kind {
		case pLit:
			r.litMask |= firstBit(p.lit)
			r.minTok++
		case pAny, pOne, pClass, pNClass:
			r.minTok++
		}
	}
	rhs := r.RHS
	if len(rhs) > 0 && (rhs[0] == "\x98" || rhs[0] == "\x97") {
		r.rhsPrefix = rhs[0][0]
		rhs = rhs[1:]
	}
	r.rep = make([]rep, 0, len(rhs))
	for _, t := range rhs {
		switch {
		case t[0] == cMatchRepl && len(t) > 1:
			r.rep = append(r.rep, rep{kind: rRepl, n: int(t[1] - '1')})
		case t[0] == cMacroDExpand:
			name, _ := macName(t, 1)
			r.rep = append(r.rep, rep{kind: rDMacro, tok: name})
			r.hasDMacro = true
		default:
			r.rep = append(r.rep, rep{kind: rLit, tok: t})
			switch t {
			case "\x85", "\x9d":
				r.hasLookup = true
			case "\x99":
				r.hasCall = true
			}
		}
	}
}

// eqFold compares ASCII case-insensitively (sendmail's strcasecmp).
// firstBit is t's bit in a token list's firstBits: by its first byte,
// folded to lower case as eqFold folds, modulo 64.
func firstBit(t string) uint64 {
	if t == "" {
		return 0
	}
	ch := t[0]
	if 'A' <= ch && ch <= 'Z' {
		ch += 'a' - 'A'
	}
	return 1 << (ch & 63)
}

// firstBits has the firstBit of every token of toks: a rule whose
// literals' bits are not all in it cannot match toks.
func firstBits(toks []string) uint64 {
	var m uint64
	for _, t := range toks {
		m |= firstBit(t)
	}
	return m
}

func eqFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x == y {
			continue
		}
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
