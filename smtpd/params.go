package smtpd

import (
	"strconv"
	"strings"

	"github.com/gosendmail/gosendmail/queue"
)

// pathArg is a MAIL or RCPT argument taken apart: "FROM:<a@b> SIZE=10".
type pathArg struct {
	addr   string  // the address as given ("<a@b>", "a@b")
	params []param // the ESMTP parameters in order
}

type param struct {
	key, value string
	hasValue   bool
}

// parsePath reads "KW:address params". On a syntax error it returns the
// word sendmail names in "Syntax error in parameters scanning "WORD"".
func parsePath(arg, kw string) (pathArg, string, bool) {
	p := strings.TrimLeft(arg, blanks)
	i := 0
	for i < len(p) && p[i] != ':' && !isBlank(p[i]) {
		i++
	}
	word := p[:i]
	if !strings.EqualFold(word, kw) {
		return pathArg{}, word, false
	}
	p = strings.TrimLeft(p[i:], blanks)
	if p == "" || p[0] != ':' {
		return pathArg{}, word, false
	}
	p = strings.TrimLeft(p[1:], blanks)
	if p == "" {
		return pathArg{}, word, false
	}
	addr, rest := addrExtent(p)
	return pathArg{addr: addr, params: splitParams(rest)}, "", true
}

// splitParams takes ESMTP parameters apart as sendmail does: a name is
// made of letters, digits and '-', a value (after '=') ends at a blank,
// a control character or another '='; the character that ends a name
// without a value, or a value, is dropped, and the next parameter starts
// after it ("AUTH=a=b" is AUTH=a and a parameter "b"; "X.Y=1" is X and
// Y=1).
func splitParams(p string) []param {
	var ps []param
	for {
		p = strings.TrimLeft(p, blanks)
		if p == "" {
			return ps
		}
		i := 0
		for i < len(p) && (isAlnum(p[i]) || p[i] == '-') {
			i++
		}
		pr := param{key: p[:i]}
		if i < len(p) && p[i] == '=' {
			i++
			j := i
			for j < len(p) && !isBlank(p[j]) && p[j] != '=' && p[j] >= ' ' && p[j] != 0x7f {
				j++
			}
			pr.value, pr.hasValue = p[i:j], true
			i = j
		}
		if i < len(p) {
			i++
		}
		ps = append(ps, pr)
		p = p[i:]
	}
}

// addrExtent splits an address from what follows it: it ends at a
// blank outside quotes, comments and angle brackets.
func addrExtent(p string) (string, string) {
	quoted, comment, angle := false, 0, 0
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && (quoted || comment > 0):
			i++
		case quoted:
			if c == '"' {
				quoted = false
			}
		case c == '"' && comment == 0:
			quoted = true
		case c == '(':
			comment++
		case c == ')' && comment > 0:
			comment--
		case comment > 0:
		case c == '<':
			angle++
		case c == '>':
			angle--
		case isBlank(c) && angle <= 0:
			return p[:i], p[i:]
		}
	}
	return p, ""
}

// blanks separate the words of MAIL and RCPT: a CR inside a command
// line is one, as in sendmail.
const blanks = " \t\r"

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// xtextOK tells whether s is RFC 3461 xtext: printable ASCII but '+'
// and '=', and "+XX" hexadecimal escapes.
func xtextOK(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 2
		case c < '!' || c > '~' || c == '=':
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// mailParams are the MAIL parameters given. Those the envelope keeps
// (BODY, RET, ENVID, AUTH, BY) are set in it by the caller even when a
// later parameter, or the MAIL itself, is refused: sendmail keeps them
// until the envelope is cleared (RSET, HELO, EHLO, the end of DATA).
type mailParams struct {
	size     int64
	sizeOver bool // SIZE= does not fit in a number
	hasSize  bool
	body     string // BODY= as the client spelt it ("7bit" stays "7bit"); "" none
	// ret is RET= upper-cased; FULL too for a RET= refused for its value,
	// which sendmail counts as one given all the same (F d, and a second
	// RET= is a duplicate)
	ret      string
	envid    string
	hasEnvid bool   // ENVID= given (it may be empty)
	auth     string // AUTH= as given (xtext), hasAuth when given
	hasAuth  bool
	by       byParam
}

// paramError is a refused parameter's reply.
type paramError struct {
	code int
	enh  string
	text string
}

// paramsSeen are the parameters the envelope has already: sendmail
// refuses a second RET=, ENVID= or AUTH= until the envelope is cleared,
// even when the MAIL that gave the first was refused.
type paramsSeen struct{ ret, envid, auth bool }

// parseMailParams is parseMailParamsSeen for an envelope whose RET= and
// ENVID= state is kept in *retSeen and *envidSeen (and without AUTH=).
func parseMailParams(ps []param, retSeen, envidSeen *bool) (mailParams, *paramError) {
	seen := paramsSeen{ret: *retSeen, envid: *envidSeen}
	mp, e := parseMailParamsSeen(ps, &seen)
	*retSeen, *envidSeen = seen.ret, seen.envid
	return mp, e
}

// parseMailParamsSeen checks MAIL's parameters as sendmail does, in
// order, up to the first refused; seen is updated with those given.
func parseMailParamsSeen(ps []param, seen *paramsSeen) (mailParams, *paramError) {
	var mp mailParams
	for _, p := range ps {
		k := strings.ToUpper(p.key)
		needValue := func() *paramError {
			if !p.hasValue {
				name := k
				if k == "AUTH" || k == "BY" {
					name += "="
				}
				return &paramError{501, "5.5.2", name + " requires a value"}
			}
			return nil
		}
		switch k {
		case "SIZE":
			if e := needValue(); e != nil {
				return mp, e
			}
			n, err := strconv.ParseInt(leadingDigits(p.value), 10, 64)
			if err != nil && leadingDigits(p.value) != "" {
				n, mp.sizeOver = 1<<63-1, true
			}
			mp.size, mp.hasSize = n, true
		case "BODY":
			if e := needValue(); e != nil {
				return mp, e
			}
			switch strings.ToUpper(p.value) {
			case "7BIT", "8BITMIME":
				mp.body = p.value
			default:
				return mp, &paramError{501, "5.5.4", "Unknown BODY type " + p.value}
			}
		case "RET":
			if e := needValue(); e != nil {
				return mp, e
			}
			if seen.ret {
				return mp, &paramError{501, "5.5.0", "Duplicate RET parameter"}
			}
			seen.ret = true
			switch v := strings.ToUpper(p.value); v {
			case "FULL", "HDRS":
				mp.ret = v
			default:
				mp.ret = "FULL"
				return mp, &paramError{501, "5.5.2", "Bad argument \"" + p.value + "\" to RET"}
			}
		case "ENVID":
			if e := needValue(); e != nil {
				return mp, e
			}
			if seen.envid {
				return mp, &paramError{501, "5.5.0", "Duplicate ENVID parameter"}
			}
			if !xtextOK(p.value) {
				return mp, &paramError{501, "5.5.4", "Syntax error in ENVID parameter value"}
			}
			mp.envid, mp.hasEnvid, seen.envid = p.value, true, true
		case "AUTH":
			if e := needValue(); e != nil {
				return mp, e
			}
			if seen.auth {
				return mp, &paramError{501, "5.5.0", "Duplicate AUTH parameter"}
			}
			if !xtextOK(p.value) {
				return mp, &paramError{501, "5.5.4", "Syntax error in AUTH parameter value"}
			}
			mp.auth, mp.hasAuth, seen.auth = p.value, true, true
		case "BY":
			if e := needValue(); e != nil {
				return mp, e
			}
			if e := mp.by.parse(p.value); e != nil {
				return mp, e
			}
		default:
			return mp, &paramError{555, "5.5.4", p.key + " parameter unrecognized"}
		}
	}
	return mp, nil
}

// byParam is what BY= parameters (RFC 2852) did to the envelope's
// deliver-by record, as sendmail sets it while it reads one: the time
// first (kept even when refused), then the flag, cleared and set again
// from the mode (1 N, 2 R) and the trace (+0x10 T), as far as the value
// goes before it is refused. The record is written while the flag is
// not 0.
type byParam struct {
	given   bool
	seconds int64
	flagSet bool // the flag was cleared and set again
	flag    byte
}

// byMax is the longest deliver-by time, in seconds either way: RFC
// 2852's nine digits.
const byMax = 999999999

// parse reads one BY= value (a time, ';', R or N, maybe T).
func (b *byParam) parse(v string) *paramError {
	// the time as C's strtol reads it: no digits is 0, and then a sign
	// is not taken
	n := 0
	if n < len(v) && (v[n] == '-' || v[n] == '+') {
		n++
	}
	d := leadingDigits(v[n:])
	var t int64
	if d == "" {
		n = 0
	} else {
		var err error
		if t, err = strconv.ParseInt(v[:n+len(d)], 10, 64); err != nil {
			t = 1<<63 - 1 // out of range, as strtol's LONG_MAX or LONG_MIN
			if v[0] == '-' {
				t = -1 << 63
			}
		}
		n += len(d)
	}
	b.given, b.seconds = true, t
	if t > byMax || t < -byMax {
		return &paramError{501, "5.5.2", "BY=" + v + " out of range"}
	}
	rest := v[n:]
	if rest == "" || rest[0] != ';' {
		return &paramError{501, "5.5.2", "BY= missing ';'"}
	}
	rest = rest[1:]
	b.flagSet, b.flag = true, 0
	switch byteAt(rest, 0) {
	case 'N', 'n':
		b.flag = 1
	case 'R', 'r':
		b.flag = 2
		if t <= 0 {
			return &paramError{501, "5.5.4", "mode R requires BY time > 0"}
		}
	default:
		return &paramError{501, "5.5.2", "illegal by-mode '" + shownChar(rest) + "'"}
	}
	switch byteAt(rest, 1) {
	case 'T', 't':
		b.flag |= 0x10
	case 0:
	default:
		return &paramError{501, "5.5.2", "illegal by-trace '" + shownChar(rest[1:]) + "'"}
	}
	return nil
}

// apply is the envelope's deliver-by record once the BY= parameters
// read are applied to cur (nil: none).
func (b byParam) apply(cur *queue.DeliverBy) *queue.DeliverBy {
	if !b.given {
		return cur
	}
	var flag byte
	if cur != nil {
		flag = cur.Flag
	}
	if b.flagSet {
		flag = b.flag
	}
	if flag == 0 {
		return nil
	}
	return &queue.DeliverBy{Flag: flag, Seconds: b.seconds}
}

// byteAt is s[i], 0 past its end.
func byteAt(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

// shownChar is the first character of s as sendmail names it in a
// reply: '?' for none and for an 8-bit byte.
func shownChar(s string) string {
	if s == "" || s[0] >= 0x80 {
		return "?"
	}
	return s[:1]
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// rcptParams are the RCPT parameters accepted.
type rcptParams struct {
	notify, orcpt string
}

// parseRcptParams checks RCPT's parameters (NOTIFY, ORCPT).
func parseRcptParams(ps []param) (rcptParams, *paramError) {
	var rp rcptParams
	hasOrcpt := false
	for _, p := range ps {
		switch strings.ToUpper(p.key) {
		case "NOTIFY":
			if !p.hasValue {
				return rp, &paramError{501, "5.5.2", "NOTIFY requires a value"}
			}
			words := strings.Split(p.value, ",")
			for _, w := range words {
				switch strings.ToUpper(w) {
				case "SUCCESS", "FAILURE", "DELAY":
					continue
				case "NEVER":
					if len(words) == 1 {
						continue
					}
				}
				return rp, &paramError{501, "5.5.4", "Bad argument \"" + w + "\"  to NOTIFY"}
			}
			rp.notify = strings.ToUpper(p.value)
		case "ORCPT":
			if !p.hasValue {
				return rp, &paramError{501, "5.5.2", "ORCPT requires a value"}
			}
			if hasOrcpt {
				return rp, &paramError{501, "5.5.0", "Duplicate ORCPT parameter"}
			}
			typ, val, ok := strings.Cut(p.value, ";")
			if !ok || typ == "" || !xtextOK(val) {
				return rp, &paramError{501, "5.5.4", "Syntax error in ORCPT parameter value"}
			}
			rp.orcpt, hasOrcpt = p.value, true
		default:
			return rp, &paramError{555, "5.5.4", p.key + " parameter unrecognized"}
		}
	}
	return rp, nil
}
