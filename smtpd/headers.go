package smtpd

import (
	"bytes"
	"strings"
)

// headerChecks runs the rulesets the .cf names for header fields
// ("HSubject: $>CheckSubject", or "$>+Ruleset" for a value not parsed as
// an address) on the message's fields, as sendmail does while it
// collects them: the first $#error refuses the message, $#discard drops
// it. The caller holds the lock.
func (s *session) headerChecks(msg []byte) verdict {
	checks := map[string]string{}
	for _, h := range s.m.Cf.Headers {
		if strings.HasPrefix(h, "?") {
			if i := strings.IndexByte(h[1:], '?'); i >= 0 {
				h = h[i+2:]
			}
		}
		name, val, ok := strings.Cut(h, ":")
		if !ok {
			continue
		}
		val = strings.TrimLeft(val, " \t")
		if rest, ok := strings.CutPrefix(val, "\x99"); ok {
			checks[strings.ToLower(strings.TrimSpace(name))] = rest
		} else if rest, ok := strings.CutPrefix(val, "$>"); ok {
			checks[strings.ToLower(strings.TrimSpace(name))] = rest
		}
	}
	if len(checks) == 0 {
		return verdict{}
	}
	for _, f := range headerFields(msg) {
		rs, ok := checks[strings.ToLower(f.name)]
		if !ok {
			continue
		}
		rs = strings.TrimPrefix(rs, "+")
		s.m.Cf.SetMacro("hdr_name", f.name)
		s.m.Cf.SetMacro("currHeader", "\""+f.value+"\"")
		s.m.Cf.SetMacro("hdrlen", itoa(len(f.value)))
		if v := s.check(strings.TrimSpace(rs), f.value, "", false); v.kind == vError || v.kind == vDiscard {
			return v
		}
	}
	return verdict{}
}

type field struct{ name, value string }

// headerFields splits the header of a message ("\n" line ends) into its
// fields, continuation lines joined.
func headerFields(msg []byte) []field {
	var fs []field
	for _, l := range bytes.Split(msg, []byte("\n")) {
		if len(l) == 0 {
			break
		}
		if l[0] == ' ' || l[0] == '\t' {
			if len(fs) > 0 {
				fs[len(fs)-1].value += " " + strings.TrimLeft(string(l), " \t")
			}
			continue
		}
		name, val, ok := bytes.Cut(l, []byte(":"))
		if !ok {
			break // not a header: the body starts here
		}
		fs = append(fs, field{string(bytes.TrimRight(name, " \t")), strings.TrimLeft(string(val), " \t")})
	}
	return fs
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}
