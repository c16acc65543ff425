// The format builtin: format(format-string, args...).
//
// GNU m4 1.4.19 parses each % specification itself, checks it against a
// table of allowed flag/conversion combinations, and hands it to the C
// library's printf. This file reproduces the result (as observed with glibc
// in the C/C.UTF-8 locale) without calling any C code:
//
//   - flags ' + space 0 # - (the ' grouping flag is accepted where GNU
//     accepts it and has no effect, as in the C locale); a flag that makes
//     no sense for the conversion (e.g. %+s, %#d, %'x) makes the whole
//     specification "unrecognized";
//   - width and precision as digits (wrapping like a C int) or *, taking
//     the next argument; a negative width means left adjustment, a negative
//     precision means none;
//   - length modifiers l (64-bit integers), h and hh (short and char);
//     ll, j, z, t, L, q are not supported and make the specification
//     unrecognized, the rest of which is then copied literally;
//   - conversions c d i o u x X s e E f F g G a A and %%.
//
// Numeric arguments are converted like strtol/strtod with the warnings
// "empty string treated as 0", "non-numeric argument ARG" (the value parsed
// from the prefix is still used), "leading whitespace ignored" and
// "numeric overflow detected". Missing arguments are 0 or the empty string,
// silently; extra arguments are ignored. Like GNU m4, everything after a NUL
// byte in the format or in an argument is ignored, and the text produced by
// one conversion stops at a NUL byte (so %c of 0 produces only the padding
// before it).
package m4

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Flags of one specification.
const (
	fmtFlagGroup = 1 << iota
	fmtFlagPlus
	fmtFlagSpace
	fmtFlagZero
	fmtFlagAlt
	fmtFlagMinus
)

// fmtState walks the arguments of one format call.
type fmtState struct {
	args []string
	diag func(string)
}

// m4format implements format(format-string, args...).
func m4format(args []string, diag func(string)) string {
	if len(args) == 0 {
		return ""
	}
	f := numCString(args[0])
	st := &fmtState{args: args[1:], diag: diag}
	var out strings.Builder
	i := 0
	for {
		pct := strings.IndexByte(f[i:], '%')
		if pct < 0 {
			out.WriteString(f[i:])
			break
		}
		out.WriteString(f[i : i+pct])
		i += pct + 1
		if i < len(f) && f[i] == '%' {
			out.WriteByte('%')
			i++
			continue
		}
		ok := map[byte]bool{'a': true, 'A': true, 'c': true, 'd': true, 'e': true, 'E': true,
			'f': true, 'F': true, 'g': true, 'G': true, 'i': true, 'o': true, 's': true,
			'u': true, 'x': true, 'X': true}
		off := func(cs string) {
			for j := 0; j < len(cs); j++ {
				ok[cs[j]] = false
			}
		}
		flags := 0
	flagLoop:
		for ; i < len(f); i++ {
			switch f[i] {
			case '\'':
				off("aAceEosxX")
				flags |= fmtFlagGroup
			case '+':
				off("cosuxX")
				flags |= fmtFlagPlus
			case ' ':
				off("cosuxX")
				flags |= fmtFlagSpace
			case '0':
				off("cs")
				flags |= fmtFlagZero
			case '#':
				off("cdisu")
				flags |= fmtFlagAlt
			case '-':
				flags |= fmtFlagMinus
			default:
				break flagLoop
			}
		}
		var width int32
		if i < len(f) && f[i] == '*' {
			width = st.argInt()
			i++
		} else {
			for ; i < len(f) && f[i] >= '0' && f[i] <= '9'; i++ {
				width = width*10 + int32(f[i]-'0')
			}
		}
		prec := int32(-1)
		if i < len(f) && f[i] == '.' {
			off("c")
			i++
			if i < len(f) && f[i] == '*' {
				prec = st.argInt()
				i++
			} else {
				prec = 0
				for ; i < len(f) && f[i] >= '0' && f[i] <= '9'; i++ {
					prec = prec*10 + int32(f[i]-'0')
				}
			}
		}
		long, short := false, 0
		if i < len(f) && f[i] == 'l' {
			long = true
			i++
			off("cs")
		} else if i < len(f) && f[i] == 'h' {
			short = 1
			i++
			if i < len(f) && f[i] == 'h' {
				short = 2
				i++
			}
			off("aAceEfFgGs")
		}
		var c byte
		if i < len(f) {
			c = f[i]
			i++
		}
		if !ok[c] {
			diag("Warning: unrecognized specifier in `" + f + "'")
			continue
		}
		var s string
		switch c {
		case 'c':
			s = string([]byte{byte(st.argInt())})
			prec = -1
		case 's':
			s = st.argStr()
			if prec >= 0 && int(prec) < len(s) {
				s = s[:prec]
			}
		case 'd', 'i', 'o', 'u', 'x', 'X':
			var v int64
			if long {
				v = st.argLong()
			} else {
				v = int64(st.argInt())
			}
			s = fmtInteger(c, flags, prec, v, long, short)
		default:
			s = fmtFloat(c, flags, prec, st.argDouble())
		}
		if width == math.MinInt32 {
			continue // printf fails; GNU m4 silently drops the conversion
		}
		if width < 0 {
			flags |= fmtFlagMinus
			width = -width
		}
		s = fmtPad(s, c, flags, int(width), prec)
		if z := strings.IndexByte(s, 0); z >= 0 {
			s = s[:z]
		}
		out.WriteString(s)
	}
	return out.String()
}

// next returns the next argument, or false when there is none.
func (st *fmtState) next() (string, bool) {
	if len(st.args) == 0 {
		return "", false
	}
	a := numCString(st.args[0])
	st.args = st.args[1:]
	return a, true
}

// argStr returns the next argument as a string ("" when missing).
func (st *fmtState) argStr() string {
	s, _ := st.next()
	return s
}

// argCheck issues GNU's warnings for a non-empty numeric argument s of
// which end bytes were parsed.
func (st *fmtState) argCheck(s string, end int, overflow bool) {
	switch {
	case end != len(s):
		st.diag("non-numeric argument " + s)
	case numIsSpace(s[0]):
		st.diag("leading whitespace ignored")
	case overflow:
		st.diag("numeric overflow detected")
	}
}

// argLong returns the next argument converted like strtol.
func (st *fmtState) argLong() int64 {
	s, ok := st.next()
	if !ok {
		return 0
	}
	if s == "" {
		st.diag("empty string treated as 0")
		return 0
	}
	v, end, overflow := numStrtol(s)
	st.argCheck(s, end, overflow)
	return v
}

// argInt returns the next argument converted like strtol and truncated to
// a C int; values outside the int range also warn about overflow.
func (st *fmtState) argInt() int32 {
	s, ok := st.next()
	if !ok {
		return 0
	}
	if s == "" {
		st.diag("empty string treated as 0")
		return 0
	}
	v, end, overflow := numStrtol(s)
	st.argCheck(s, end, overflow || v != int64(int32(v)))
	return int32(v)
}

// argDouble returns the next argument converted like strtod.
func (st *fmtState) argDouble() float64 {
	s, ok := st.next()
	if !ok {
		return 0
	}
	if s == "" {
		st.diag("empty string treated as 0")
		return 0
	}
	v, end, erange := fmtStrtod(s)
	st.argCheck(s, end, erange)
	return v
}

// fmtStrtod mimics glibc strtod in the C locale: it returns the value of the
// longest numeric prefix of s, the length of that prefix (0 if none) and
// whether errno would be ERANGE (overflow, or an inexact result that is
// zero or subnormal).
func fmtStrtod(s string) (float64, int, bool) {
	i := 0
	for i < len(s) && numIsSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	sign := func(v float64) float64 {
		if neg {
			return math.Copysign(v, -1)
		}
		return v
	}
	rest := strings.ToLower(s[i:])
	switch {
	case strings.HasPrefix(rest, "infinity"):
		return sign(math.Inf(1)), i + 8, false
	case strings.HasPrefix(rest, "inf"):
		return sign(math.Inf(1)), i + 3, false
	case strings.HasPrefix(rest, "nan"):
		j := i + 3
		if j < len(s) && s[j] == '(' {
			k := j + 1
			for k < len(s) && (fmtIsAlnum(s[k]) || s[k] == '_') {
				k++
			}
			if k < len(s) && s[k] == ')' {
				j = k + 1
			}
		}
		return sign(math.NaN()), j, false
	}
	if strings.HasPrefix(rest, "0x") {
		j := i + 2
		digits, mant, exp2 := 0, new(big.Int), int64(0)
		dot := false
		for ; j < len(s); j++ {
			if s[j] == '.' && !dot {
				dot = true
				continue
			}
			d := fmtHexDigit(s[j])
			if d < 0 {
				break
			}
			digits++
			mant.Lsh(mant, 4).Or(mant, big.NewInt(int64(d)))
			if dot {
				exp2 -= 4
			}
		}
		if digits > 0 {
			text := s[i:j]
			if dot && s[j-1] == '.' {
				text = s[i : j-1]
			}
			if e, n := fmtExponent(s[j:], 'p'); n > 0 {
				text += s[j : j+n]
				j += n
				exp2 += e
			} else {
				text += "p0"
			}
			v, err := strconv.ParseFloat(text, 64)
			erange := err != nil && math.IsInf(v, 0)
			if !erange && mant.Sign() != 0 && math.Abs(v) < 0x1p-1022 {
				// Zero or subnormal: ERANGE unless the value is exact.
				erange = v == 0 || exp2+int64(mant.TrailingZeroBits()) < -1074
			}
			return sign(v), j, erange
		}
		// "0x" without digits is the number 0 followed by "x...".
	}
	j := i
	digits, nonzero := 0, false
	dot := false
	for ; j < len(s); j++ {
		if s[j] == '.' && !dot {
			dot = true
			continue
		}
		if s[j] < '0' || s[j] > '9' {
			break
		}
		digits++
		nonzero = nonzero || s[j] != '0'
	}
	if digits == 0 {
		return 0, 0, false
	}
	if _, n := fmtExponent(s[j:], 'e'); n > 0 {
		j += n
	}
	text := s[i:j]
	v, err := strconv.ParseFloat(text, 64)
	erange := err != nil && math.IsInf(v, 0)
	if !erange && nonzero && math.Abs(v) < 0x1p-1022 {
		erange = v == 0
		if !erange {
			r, ok := new(big.Rat).SetString(text)
			erange = !ok || r.Cmp(new(big.Rat).SetFloat64(v)) != 0
		}
	}
	return sign(v), j, erange
}

// fmtExponent parses an exponent ("e-12", "p+3") at the start of s; n is 0
// when there is none. The value saturates, which is enough to get 0 or inf.
func fmtExponent(s string, letter byte) (e int64, n int) {
	if len(s) < 2 || (s[0]|0x20) != letter {
		return 0, 0
	}
	j := 1
	neg := false
	if s[j] == '+' || s[j] == '-' {
		neg = s[j] == '-'
		j++
	}
	start := j
	for ; j < len(s) && s[j] >= '0' && s[j] <= '9'; j++ {
		if e < 1e9 {
			e = e*10 + int64(s[j]-'0')
		}
	}
	if j == start {
		return 0, 0
	}
	if neg {
		e = -e
	}
	return e, j
}

func fmtIsAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func fmtHexDigit(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// fmtInteger formats an integer conversion without the width: v is the
// argument as read (a C int, or a long when long is set) and short is the
// number of h modifiers.
func fmtInteger(c byte, flags int, prec int32, v int64, long bool, short int) string {
	signed := c == 'd' || c == 'i'
	var mag uint64
	neg := false
	switch {
	case signed:
		switch short {
		case 1:
			v = int64(int16(v))
		case 2:
			v = int64(int8(v))
		}
		if v < 0 {
			neg = true
			mag = uint64(-v)
		} else {
			mag = uint64(v)
		}
	case long:
		mag = uint64(v)
	case short == 1:
		mag = uint64(uint16(v))
	case short == 2:
		mag = uint64(uint8(v))
	default:
		mag = uint64(uint32(v))
	}
	base := 10
	switch c {
	case 'o':
		base = 8
	case 'x', 'X':
		base = 16
	}
	digits := strconv.FormatUint(mag, base)
	if c == 'X' {
		digits = strings.ToUpper(digits)
	}
	if prec == 0 && mag == 0 {
		digits = ""
	}
	if int(prec) > len(digits) {
		digits = strings.Repeat("0", int(prec)-len(digits)) + digits
	}
	prefix := ""
	switch {
	case neg:
		prefix = "-"
	case signed && flags&fmtFlagPlus != 0:
		prefix = "+"
	case signed && flags&fmtFlagSpace != 0:
		prefix = " "
	}
	if flags&fmtFlagAlt != 0 {
		switch {
		case c == 'o' && !strings.HasPrefix(digits, "0"):
			digits = "0" + digits
		case c == 'x' && mag != 0:
			prefix = "0x"
		case c == 'X' && mag != 0:
			prefix = "0X"
		}
	}
	return prefix + "\x00" + digits // \x00 marks where zero padding goes
}

// fmtPad applies the width to a converted value. Integer and floating
// conversions mark with \x00 the place where zero padding is inserted (after
// the sign and any 0x prefix); the mark is removed here.
func fmtPad(s string, c byte, flags, width int, prec int32) string {
	zeroOK := flags&fmtFlagZero != 0 && flags&fmtFlagMinus == 0
	head, body := "", s
	if c != 'c' && c != 's' {
		k := strings.IndexByte(s, 0)
		head, body = s[:k], s[k+1:]
		if strings.IndexByte("diouxX", c) >= 0 && prec >= 0 {
			zeroOK = false
		}
		if body == "inf" || body == "nan" || body == "INF" || body == "NAN" {
			zeroOK = false
		}
	} else {
		zeroOK = false
	}
	n := len(head) + len(body)
	if n >= width {
		return head + body
	}
	pad := width - n
	switch {
	case flags&fmtFlagMinus != 0:
		return head + body + strings.Repeat(" ", pad)
	case zeroOK:
		return head + strings.Repeat("0", pad) + body
	}
	return strings.Repeat(" ", pad) + head + body
}

// fmtFloat formats a floating conversion (e E f F g G a A) without the
// width, marking the zero-padding position with \x00 as fmtInteger does.
func fmtFloat(c byte, flags int, prec int32, x float64) string {
	sign := ""
	switch {
	case math.Signbit(x):
		sign = "-"
	case flags&fmtFlagPlus != 0:
		sign = "+"
	case flags&fmtFlagSpace != 0:
		sign = " "
	}
	upper := c == 'E' || c == 'F' || c == 'G' || c == 'A'
	lc := c | 0x20
	alt := flags&fmtFlagAlt != 0
	ax := math.Abs(x)
	var body string
	switch {
	case math.IsNaN(x):
		body = "nan"
	case math.IsInf(x, 0):
		body = "inf"
	case lc == 'a':
		var prefix string
		prefix, body = fmtHexFloat(ax, prec, alt)
		sign += prefix
	case lc == 'e':
		if prec < 0 {
			prec = 6
		}
		body = fmtExp(ax, int(prec), alt)
	case lc == 'f':
		if prec < 0 {
			prec = 6
		}
		body = strconv.FormatFloat(ax, 'f', int(prec), 64)
		if alt && prec == 0 {
			body += "."
		}
	default: // g
		p := int(prec)
		if prec < 0 {
			p = 6
		} else if p == 0 {
			p = 1
		}
		e := strings.Split(strconv.FormatFloat(ax, 'e', p-1, 64), "e")
		exp, _ := strconv.Atoi(e[1])
		if p > exp && exp >= -4 {
			body = strconv.FormatFloat(ax, 'f', p-1-exp, 64)
			if alt && !strings.Contains(body, ".") {
				body += "."
			}
			if !alt {
				body = fmtTrimZeros(body)
			}
		} else if alt && exp == p && fmtExactExp(ax) == p-1 {
			// glibc quirk: rounding for the %f style (precision 0)
			// carried into a new digit; glibc then prints the %e style
			// keeping precision 0 ("%#g" of 999999.5 is "1.e+06").
			body = fmtExp(ax, 0, true)
		} else {
			body = fmtExp(ax, p-1, alt)
			if !alt {
				k := strings.IndexByte(body, 'e')
				body = fmtTrimZeros(body[:k]) + body[k:]
			}
		}
	}
	s := sign + "\x00" + body
	if upper {
		s = strings.ToUpper(s)
	}
	return s
}

// fmtExp formats |x| as C's %.*e does.
func fmtExp(ax float64, prec int, alt bool) string {
	s := strconv.FormatFloat(ax, 'e', prec, 64)
	if alt && prec == 0 {
		k := strings.IndexByte(s, 'e')
		s = s[:k] + "." + s[k:]
	}
	return s
}

// fmtExactExp returns the decimal exponent of ax before any rounding (a
// double has at most 767 significant decimal digits).
func fmtExactExp(ax float64) int {
	s := strconv.FormatFloat(ax, 'e', 800, 64)
	e, _ := strconv.Atoi(s[strings.IndexByte(s, 'e')+1:])
	return e
}

// fmtTrimZeros removes trailing zeros of a fraction, and then a bare point.
func fmtTrimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// fmtHexFloat formats |x| as glibc's %a: it returns the "0x" prefix and the
// rest, e.g. "1.8p+1". Subnormals keep a leading 0 digit and exponent -1022;
// rounding to the precision is to nearest, ties to even, and a carry may turn
// the leading digit into 2.
func fmtHexFloat(ax float64, prec int32, alt bool) (string, string) {
	b := math.Float64bits(ax)
	frac := b & (1<<52 - 1)
	bexp := int(b >> 52)
	lead := uint64(1)
	exp := bexp - 1023
	switch {
	case ax == 0:
		lead, exp = 0, 0
	case bexp == 0:
		lead, exp = 0, -1022
	}
	// frac holds 13 hex digits.
	ndig := 13
	if prec < 0 {
		for ndig > 0 && frac&0xf == 0 {
			frac >>= 4
			ndig--
		}
	} else if int(prec) < 13 {
		drop := uint(4 * (13 - int(prec)))
		full := lead<<52 | frac
		rem := full & (1<<drop - 1)
		full >>= drop
		half := uint64(1) << (drop - 1)
		if rem > half || (rem == half && full&1 == 1) {
			full++
		}
		lead = full >> (4 * uint(prec))
		frac = full & (1<<(4*uint(prec)) - 1)
		ndig = int(prec)
	}
	digits := ""
	if ndig > 0 {
		digits = strconv.FormatUint(frac, 16)
		digits = strings.Repeat("0", ndig-len(digits)) + digits
	}
	if int(prec) > ndig {
		digits += strings.Repeat("0", int(prec)-ndig)
	}
	s := strconv.FormatUint(lead, 16)
	if digits != "" || alt {
		s += "." + digits
	}
	es := strconv.Itoa(exp)
	if exp >= 0 {
		es = "+" + es
	}
	return "0x", s + "p" + es
}
