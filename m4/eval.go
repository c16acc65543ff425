// The eval builtin: eval(expression, [radix], [width]).
//
// This reproduces GNU m4 1.4.19 as shipped by Debian, learnt by running it:
// 32-bit two's-complement arithmetic with wrap-around, C-like operators
// (there is no ?: and no comma operator in 1.4.19), numbers in decimal,
// 0x hex, 0b binary, 0rRADIX:DIGITS and octal with a leading 0, and the
// exact diagnostics.
//
// Grammar, lowest precedence first; every binary level is left associative
// except ** which is right associative, and unary operators bind tighter
// than ** (so -2**2 is 4):
//
//	or   := and { "||" and }
//	and  := bor { "&&" bor }
//	bor  := bxor { "|" bxor }
//	bxor := band { "^" band }
//	band := eq { "&" eq }
//	eq   := cmp { ("==" | "!=" | "=") cmp }    // "=" warns, then acts as ==
//	cmp  := shift { ("<" | "<=" | ">" | ">=") shift }
//	shift:= add { ("<<" | ">>") add }
//	add  := mul { ("+" | "-") mul }
//	mul  := pow { ("*" | "/" | "%") pow }
//	pow  := unary [ "**" pow ]
//	unary:= ("+" | "-" | "~" | "!") unary | "(" or ")" | NUMBER
//
// Evaluation stops at the first error. An arithmetic error (division or
// modulo by zero, negative exponent, 0**0) met in the right operand of
// || whose left side is true, or of && whose left side is false, is ignored,
// but parsing resumes right after the failing operation, which usually ends
// in "excess input", as GNU m4 does.
package m4

import (
	"strings"
	"sync"
)

// Tokens of the eval lexer.
const (
	evalTokError = iota // unknown character or malformed number
	evalTokBadOp        // an assignment or increment operator such as += or ++
	evalTokPlus
	evalTokMinus
	evalTokPow
	evalTokTimes
	evalTokDivide
	evalTokModulo
	evalTokAssign
	evalTokEq
	evalTokNotEq
	evalTokGt
	evalTokGtEq
	evalTokLs
	evalTokLsEq
	evalTokLShift
	evalTokRShift
	evalTokLNot
	evalTokLAnd
	evalTokLOr
	evalTokNot
	evalTokAnd
	evalTokOr
	evalTokXor
	evalTokLeftP
	evalTokRightP
	evalTokNumber
	evalTokEnd
)

// Errors, in GNU's order: the ones below evalErrSyntax may be ignored in
// an unevaluated branch of && and ||.
const (
	evalErrNone = iota
	evalErrDivZero
	evalErrModZero
	evalErrNegExp
	evalErrSyntax
	evalErrMissingRight
	evalErrUnknownInput
	evalErrExcessInput
	evalErrInvalidOp
)

// evalSingle maps one-character operators to their tokens.
var evalSingle = map[byte]int{'+': evalTokPlus, '-': evalTokMinus, '/': evalTokDivide,
	'%': evalTokModulo, '^': evalTokXor, '&': evalTokAnd, '|': evalTokOr,
	'*': evalTokTimes, '<': evalTokLs, '>': evalTokGt}

// evalParser holds the state of one evaluation.
type evalParser struct {
	vs   [32]int32 // cells lent by slot
	sp   int
	text string
	pos  int // next unread byte
	last int // start of the last token, for undo
	diag func(string)
}

// m4eval implements eval(expression, [radix], [width]).
func m4eval(args []string, diag func(string)) string {
	radix, width := 10, 1
	if len(args) > 1 && numCString(args[1]) != "" {
		r, ok := numericArg("eval", args[1], diag)
		if !ok {
			return ""
		}
		radix = r
	}
	if radix < 1 || radix > 36 {
		diag("radix " + evalItoa(int64(radix)) + " in builtin `eval' out of range")
		return ""
	}
	if len(args) > 2 {
		w, ok := numericArg("eval", args[2], diag)
		if !ok {
			return ""
		}
		if w < 0 {
			diag("negative width to builtin `eval'")
			return ""
		}
		width = w
	}
	expr := ""
	if len(args) > 0 {
		expr = numCString(args[0])
	}
	var value int32
	if expr == "" {
		diag("empty string treated as 0 in builtin `eval'")
	} else {
		v, ok := evalExpr(expr, diag)
		if !ok {
			return ""
		}
		value = v
	}
	return evalFormat(value, radix, width)
}

// evalMsgSetsExitStatus reports whether a message m4eval passed to diag is
// one for which GNU m4 1.4.19 also makes the final exit status 1 even
// without -E (only "invalid operator in eval: ..."). All other messages of
// this file, format.go, regex.go and numeric.go are plain warnings.
func evalMsgSetsExitStatus(msg string) bool {
	return strings.HasPrefix(msg, "invalid operator in eval: ")
}

// evalFormat renders value in radix (1..36) with at least width digits
// (zero padded after the sign).
func evalFormat(value int32, radix, width int) string {
	var b strings.Builder
	if radix == 1 {
		// Unary: the sign, zeros up to the width, then one '1' per unit.
		// GNU computes the padding from the negated 32-bit value, which
		// stays negative for -2147483648.
		v := int64(value)
		mag := int64(value)
		if value < 0 {
			b.WriteByte('-')
			v = int64(-value) // wraps for math.MinInt32 as in GNU
			mag = -mag
		}
		if v < int64(width) {
			b.WriteString(strings.Repeat("0", int(int64(width)-v)))
		}
		b.WriteString(strings.Repeat("1", int(mag)))
		return b.String()
	}
	mag := uint64(int64(value))
	if value < 0 {
		b.WriteByte('-')
		mag = uint64(-int64(value))
	}
	var buf [40]byte
	i := len(buf)
	for {
		i--
		buf[i] = "0123456789abcdefghijklmnopqrstuvwxyz"[mag%uint64(radix)]
		mag /= uint64(radix)
		if mag == 0 {
			break
		}
	}
	if n := width - (len(buf) - i); n > 0 {
		b.WriteString(strings.Repeat("0", n))
	}
	b.Write(buf[i:])
	return b.String()
}

// evalItoa formats a decimal integer.
func evalItoa(n int64) string {
	if n < 0 {
		return "-" + evalItoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return evalItoa(n/10) + string(rune('0'+n%10))
}

// evalExpr evaluates a non-empty expression, reporting errors through diag.
// evalParsers keeps parsers for reuse: one holds its own cells, so that
// it lives on the heap, and a loop of evals would allocate one each.
var evalParsers = sync.Pool{New: func() any { return new(evalParser) }}

func evalExpr(expr string, diag func(string)) (int32, bool) {
	p := evalParsers.Get().(*evalParser)
	*p = evalParser{text: expr, diag: diag}
	defer func() {
		p.diag = nil
		evalParsers.Put(p)
	}()
	var v int32
	tok := p.lex(&v)
	var err int
	if tok == evalTokError {
		err = evalErrSyntax
	} else {
		err = p.or(tok, &v)
	}
	if err == evalErrNone && p.rest() {
		var dummy int32
		if p.lex(&dummy) == evalTokBadOp {
			err = evalErrInvalidOp
		} else {
			err = evalErrExcessInput
		}
	}
	msg := ""
	switch err {
	case evalErrNone:
		return v, true
	case evalErrDivZero:
		msg = "divide by zero in eval: "
	case evalErrModZero:
		msg = "modulo by zero in eval: "
	case evalErrNegExp:
		msg = "negative exponent in eval: "
	case evalErrSyntax:
		msg = "bad expression in eval: "
	case evalErrMissingRight:
		msg = "bad expression in eval (missing right parenthesis): "
	case evalErrUnknownInput:
		msg = "bad expression in eval (bad input): "
	case evalErrExcessInput:
		msg = "bad expression in eval (excess input): "
	case evalErrInvalidOp:
		msg = "invalid operator in eval: "
	}
	diag(msg + expr)
	return 0, false
}

// rest reports whether anything is left after skipping white space.
func (p *evalParser) rest() bool {
	for p.pos < len(p.text) && numIsSpace(p.text[p.pos]) {
		p.pos++
	}
	return p.pos < len(p.text)
}

// undo pushes the last token back.
func (p *evalParser) undo() { p.pos = p.last }

// lex returns the next token; for evalTokNumber its value is stored in *v.
func (p *evalParser) lex(v *int32) int {
	for p.pos < len(p.text) && numIsSpace(p.text[p.pos]) {
		p.pos++
	}
	p.last = p.pos
	if p.pos >= len(p.text) {
		return evalTokEnd
	}
	s := p.text
	c := s[p.pos]
	p.pos++
	next := byte(0)
	if p.pos < len(s) {
		next = s[p.pos]
	}
	if c >= '0' && c <= '9' {
		return p.lexNumber(c, v)
	}
	two := func(tok int) int { p.pos++; return tok }
	switch c {
	case '+', '-', '/', '%', '^', '&', '|', '*', '<', '>':
		if c == '*' && next == '*' {
			return two(evalTokPow)
		}
		if (c == '<' || c == '>') && next == c {
			p.pos++
			if p.pos < len(s) && s[p.pos] == '=' {
				return two(evalTokBadOp)
			}
			if c == '<' {
				return evalTokLShift
			}
			return evalTokRShift
		}
		if next == '=' {
			switch c {
			case '<':
				return two(evalTokLsEq)
			case '>':
				return two(evalTokGtEq)
			}
			return two(evalTokBadOp)
		}
		if (c == '+' || c == '-') && next == c {
			return two(evalTokBadOp)
		}
		if (c == '&' || c == '|') && next == c {
			if c == '&' {
				return two(evalTokLAnd)
			}
			return two(evalTokLOr)
		}
		return evalSingle[c]
	case '=':
		if next == '=' {
			return two(evalTokEq)
		}
		return evalTokAssign
	case '!':
		if next == '=' {
			return two(evalTokNotEq)
		}
		return evalTokLNot
	case '~':
		return evalTokNot
	case '(':
		return evalTokLeftP
	case ')':
		return evalTokRightP
	}
	return evalTokError
}

// lexNumber scans a number whose first digit c has been consumed.
func (p *evalParser) lexNumber(c byte, v *int32) int {
	s := p.text
	base := 10
	if c == '0' {
		base = 8
		if p.pos < len(s) {
			switch s[p.pos] {
			case 'x', 'X':
				base = 16
				p.pos++
			case 'b', 'B':
				base = 2
				p.pos++
			case 'r', 'R':
				p.pos++
				base = 0
				for p.pos < len(s) && s[p.pos] >= '0' && s[p.pos] <= '9' && base <= 36 {
					base = base*10 + int(s[p.pos]-'0')
					p.pos++
				}
				if base == 0 || base > 36 || p.pos >= len(s) || s[p.pos] != ':' {
					return evalTokError
				}
				p.pos++
			}
		}
	} else {
		p.pos-- // rescan the first digit
	}
	var val uint32
	for ; p.pos < len(s); p.pos++ {
		ch := s[p.pos]
		var d int
		switch {
		case ch >= '0' && ch <= '9':
			d = int(ch - '0')
		case ch >= 'a' && ch <= 'z':
			d = int(ch-'a') + 10
		case ch >= 'A' && ch <= 'Z':
			d = int(ch-'A') + 10
		default:
			*v = int32(val)
			return evalTokNumber
		}
		if base == 1 {
			if d == 1 {
				val++
				continue
			}
			if d == 0 && val == 0 {
				continue
			}
			break
		}
		if d >= base {
			break
		}
		val = val*uint32(base) + uint32(d)
	}
	*v = int32(val)
	return evalTokNumber
}

// evalLevel is one left-associative binary precedence level, loosest
// first: isOp says which operator tokens belong to it, apply computes.
// slot lends a value cell from the parser's own stack, so that the
// recursive descent allocates nothing per level; release returns it.
func (p *evalParser) slot() *int32 {
	if p.sp < len(p.vs) {
		c := &p.vs[p.sp]
		p.sp++
		*c = 0
		return c
	}
	p.sp++
	return new(int32)
}

func (p *evalParser) release() { p.sp-- }

type evalLevel struct {
	isOp  func(t int) bool
	apply func(p *evalParser, op int, a, b int32) (int32, int)
}

// evalLevels are |, ^, &, == !=, < <= > >=, << >>, + -, * / % (static, so
// that parsing allocates no closures).
var evalLevels []evalLevel

func init() {
	evalLevels = []evalLevel{
		{func(t int) bool { return t == evalTokOr },
			func(_ *evalParser, _ int, a, b int32) (int32, int) { return a | b, evalErrNone }},
		{func(t int) bool { return t == evalTokXor },
			func(_ *evalParser, _ int, a, b int32) (int32, int) { return a ^ b, evalErrNone }},
		{func(t int) bool { return t == evalTokAnd },
			func(_ *evalParser, _ int, a, b int32) (int32, int) { return a & b, evalErrNone }},
		{func(t int) bool { return t == evalTokEq || t == evalTokNotEq || t == evalTokAssign },
			func(p *evalParser, op int, a, b int32) (int32, int) {
				if op == evalTokAssign {
					p.diag("Warning: recommend ==, not =, for equality operator")
				}
				return evalBool((a == b) == (op != evalTokNotEq)), evalErrNone
			}},
		{func(t int) bool {
			return t == evalTokGt || t == evalTokGtEq || t == evalTokLs || t == evalTokLsEq
		}, func(_ *evalParser, op int, a, b int32) (int32, int) {
			switch op {
			case evalTokGt:
				return evalBool(a > b), evalErrNone
			case evalTokGtEq:
				return evalBool(a >= b), evalErrNone
			case evalTokLs:
				return evalBool(a < b), evalErrNone
			}
			return evalBool(a <= b), evalErrNone
		}},
		{func(t int) bool { return t == evalTokLShift || t == evalTokRShift },
			func(_ *evalParser, op int, a, b int32) (int32, int) {
				if op == evalTokLShift {
					return int32(uint32(a) << (uint32(b) & 31)), evalErrNone
				}
				return a >> (uint32(b) & 31), evalErrNone
			}},
		{func(t int) bool { return t == evalTokPlus || t == evalTokMinus },
			func(_ *evalParser, op int, a, b int32) (int32, int) {
				if op == evalTokPlus {
					return a + b, evalErrNone
				}
				return a - b, evalErrNone
			}},
		{func(t int) bool { return t == evalTokTimes || t == evalTokDivide || t == evalTokModulo },
			func(_ *evalParser, op int, a, b int32) (int32, int) {
				switch op {
				case evalTokTimes:
					return a * b, evalErrNone
				case evalTokDivide:
					if b == 0 {
						return 0, evalErrDivZero
					}
					if b == -1 {
						return -a, evalErrNone
					}
					return a / b, evalErrNone
				}
				if b == 0 {
					return 0, evalErrModZero
				}
				if b == -1 {
					return 0, evalErrNone
				}
				return a % b, evalErrNone
			}},
	}
}

// level parses binary precedence level i (past the last: pow).
func (p *evalParser) level(i, tok int, v *int32) int {
	if i == len(evalLevels) {
		return p.pow(tok, v)
	}
	lv := &evalLevels[i]
	if err := p.level(i+1, tok, v); err != evalErrNone {
		return err
	}
	v2 := p.slot()
	defer p.release()
	for {
		op := p.lex(v2)
		if !lv.isOp(op) {
			if op == evalTokError {
				return evalErrUnknownInput
			}
			p.undo()
			return evalErrNone
		}
		tok = p.lex(v2)
		if err := p.level(i+1, tok, v2); err != evalErrNone {
			return err
		}
		r, err := lv.apply(p, op, *v, *v2)
		if err != evalErrNone {
			return err
		}
		*v = r
	}
}

// logical handles || (or=true) and && (or=false) with short-circuit rules.
func (p *evalParser) logical(tok int, v *int32, or bool) int {
	sub := func(tok int, v *int32) int {
		if or {
			return p.and(tok, v)
		}
		return p.level(0, tok, v)
	}
	if err := sub(tok, v); err != evalErrNone {
		return err
	}
	want := evalTokLAnd
	if or {
		want = evalTokLOr
	}
	v2 := p.slot()
	defer p.release()
	for {
		op := p.lex(v2)
		if op != want {
			if op == evalTokError {
				return evalErrUnknownInput
			}
			p.undo()
			return evalErrNone
		}
		tok = p.lex(v2)
		err := sub(tok, v2)
		decided := (*v != 0) == or
		if decided {
			if err >= evalErrSyntax {
				return err
			}
			*v = evalBool(or)
		} else {
			if err != evalErrNone {
				return err
			}
			*v = evalBool(*v2 != 0)
		}
	}
}

func evalBool(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

func (p *evalParser) or(tok int, v *int32) int  { return p.logical(tok, v, true) }
func (p *evalParser) and(tok int, v *int32) int { return p.logical(tok, v, false) }

// pow is right associative: unary [ "**" pow ].
func (p *evalParser) pow(tok int, v *int32) int {
	if err := p.unary(tok, v); err != evalErrNone {
		return err
	}
	v2 := p.slot()
	defer p.release()
	op := p.lex(v2)
	if op != evalTokPow {
		if op == evalTokError {
			return evalErrUnknownInput
		}
		p.undo()
		return evalErrNone
	}
	tok = p.lex(v2)
	if err := p.pow(tok, v2); err != evalErrNone {
		return err
	}
	if *v2 < 0 {
		return evalErrNegExp
	}
	if *v2 == 0 && *v == 0 {
		return evalErrDivZero
	}
	// Repeated multiplication modulo 2**32, done by squaring.
	r, b := uint32(1), uint32(*v)
	for e := uint32(*v2); e > 0; e >>= 1 {
		if e&1 != 0 {
			r *= b
		}
		b *= b
	}
	*v = int32(r)
	return evalErrNone
}

func (p *evalParser) unary(tok int, v *int32) int {
	switch tok {
	case evalTokPlus, evalTokMinus, evalTokNot, evalTokLNot:
		next := p.lex(v)
		if err := p.unary(next, v); err != evalErrNone {
			return err
		}
		switch tok {
		case evalTokMinus:
			*v = -*v
		case evalTokNot:
			*v = ^*v
		case evalTokLNot:
			*v = evalBool(*v == 0)
		}
		return evalErrNone
	case evalTokLeftP:
		next := p.lex(v)
		if err := p.or(next, v); err != evalErrNone {
			return err
		}
		var v2 int32
		if p.lex(&v2) != evalTokRightP {
			return evalErrMissingRight
		}
		return evalErrNone
	case evalTokNumber:
		return evalErrNone
	case evalTokBadOp:
		return evalErrInvalidOp
	case evalTokError:
		return evalErrUnknownInput
	}
	return evalErrSyntax
}
