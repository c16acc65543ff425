package smtpd

import (
	"strconv"
	"strings"
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
	var pa pathArg
	pa.addr = addr
	for _, f := range strings.FieldsFunc(rest, func(r rune) bool { return r < 0x80 && isBlank(byte(r)) }) {
		k, v, has := strings.Cut(f, "=")
		pa.params = append(pa.params, param{key: k, value: v, hasValue: has})
	}
	return pa, "", true
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

// paramName is a parameter's name as sendmail reports it: one that does
// not start with a letter or digit has none.
func paramName(k string) string {
	if k == "" || !isAlnum(k[0]) {
		return ""
	}
	return k
}

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

// mailParams are the MAIL parameters accepted.
type mailParams struct {
	size        int64
	sizeOver    bool // SIZE= does not fit in a number
	body        string
	ret         string
	envid       string
	auth        string
	by          string
	hasSize     bool
	hasRet, hEn bool
}

// paramError is a refused parameter's reply.
type paramError struct {
	code int
	enh  string
	text string
}

// parseMailParams checks MAIL's parameters as sendmail does, in order.
func parseMailParams(ps []param, retSeen, envidSeen *bool) (mailParams, *paramError) {
	var mp mailParams
	mp.hasRet, mp.hEn = *retSeen, *envidSeen
	defer func() { *retSeen, *envidSeen = mp.hasRet, mp.hEn }()
	for _, p := range ps {
		k := strings.ToUpper(p.key)
		needValue := func() *paramError {
			if !p.hasValue {
				name := k
				if k == "AUTH" {
					name = "AUTH="
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
				mp.body = strings.ToUpper(p.value)
			default:
				return mp, &paramError{501, "5.5.4", "Unknown BODY type " + p.value}
			}
		case "RET":
			if e := needValue(); e != nil {
				return mp, e
			}
			if mp.hasRet {
				return mp, &paramError{501, "5.5.0", "Duplicate RET parameter"}
			}
			switch strings.ToUpper(p.value) {
			case "FULL", "HDRS":
				mp.ret = strings.ToUpper(p.value)
				mp.hasRet = true
			default:
				return mp, &paramError{501, "5.5.2", "Bad argument \"" + p.value + "\" to RET"}
			}
		case "ENVID":
			if e := needValue(); e != nil {
				return mp, e
			}
			if mp.hEn {
				return mp, &paramError{501, "5.5.0", "Duplicate ENVID parameter"}
			}
			if !xtextOK(p.value) {
				return mp, &paramError{501, "5.5.4", "Syntax error in ENVID parameter value"}
			}
			mp.envid, mp.hEn = p.value, true
		case "AUTH":
			if e := needValue(); e != nil {
				return mp, e
			}
			if !xtextOK(p.value) {
				return mp, &paramError{501, "5.5.4", "Syntax error in AUTH parameter value"}
			}
			mp.auth = p.value
		case "BY":
			if e := checkBy(p.value); e != nil {
				return mp, e
			}
			mp.by = p.value
		default:
			return mp, &paramError{555, "5.5.4", paramName(p.key) + " parameter unrecognized"}
		}
	}
	return mp, nil
}

// checkBy checks a DELIVERBY value: a time, ';', R or N and maybe T.
func checkBy(v string) *paramError {
	n := 0
	if n < len(v) && (v[n] == '-' || v[n] == '+') {
		n++
	}
	d := leadingDigits(v[n:])
	t, _ := strconv.ParseInt(v[:n+len(d)], 10, 64)
	rest := v[n+len(d):]
	if rest == "" || rest[0] != ';' {
		return &paramError{501, "5.5.2", "BY= missing ';'"}
	}
	rest = rest[1:]
	mode := byte(0)
	if rest != "" {
		mode = rest[0]
	}
	switch mode {
	case 'R', 'r':
		if t <= 0 {
			return &paramError{501, "5.5.4", "mode R requires BY time > 0"}
		}
	case 'N', 'n':
	default:
		return &paramError{501, "5.5.2", "illegal by-mode '" + rest[:min(1, len(rest))] + "'"}
	}
	return nil
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
			return rp, &paramError{555, "5.5.4", paramName(p.key) + " parameter unrecognized"}
		}
	}
	return rp, nil
}
