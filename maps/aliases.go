package maps

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The alias file (sendmail's aliases(5)): each entry is
//
//	name: value
//
// where the value is a list of addresses ("user", "user@host",
// "|program", "/file", ":include:/path", "error:code text", quoted
// strings...). A line starting with a space or tab continues the line
// before; so does a backslash right before the newline. Lines that are
// empty or start with '#' (with their continuation lines) are skipped. The
// name is parsed as an address that must be local, and folded to lower
// case; the value is stored as written, after leading white space.

// AliasDiag is a problem found in an alias file.
type AliasDiag struct {
	File string
	Line int
	Msg  string
	// Warning diagnostics (duplicate names) do not make newaliases fail.
	Warning bool
}

func (d AliasDiag) String() string {
	return fmt.Sprintf("%s: line %d: %s", d.File, d.Line, d.Msg)
}

// AliasOptions control how alias names are parsed.
type AliasOptions struct {
	// ResolveLHS turns the text before the colon into the local name to
	// store, as sendmail's ruleset 0 and the local mailer would; it
	// returns the message of an error otherwise. Nil means
	// DefaultResolveLHS with LocalDomains.
	ResolveLHS func(lhs string) (string, error)
	// LocalDomains are the domains "user@domain" names may carry
	// (besides "localhost") when ResolveLHS is nil.
	LocalDomains []string
}

// aliasLines yields the logical lines of an alias file: a physical line
// with its backslash-newline and white-space continuations joined (the
// newlines dropped), and the number of the last physical line.
type aliasLines struct {
	r       *bufio.Reader
	line    int
	buf     []byte
	tooLong bool // the logical line did not fit sendmail's buffer
}

// aliasLineMax is the size of sendmail's alias line buffer: a logical
// line, with the newline of its last physical line, must fit in it with a
// byte to spare.
const aliasLineMax = 8192

func (a *aliasLines) physical() ([]byte, bool, bool) {
	l, err := a.r.ReadBytes('\n')
	if len(l) == 0 && err != nil {
		return nil, false, false
	}
	a.line++
	nl := bytes.HasSuffix(l, []byte("\n"))
	return bytes.TrimSuffix(l, []byte("\n")), nl, true
}

// add appends a physical line, unless it overflows the buffer.
func (a *aliasLines) add(l []byte, nl bool) bool {
	need := len(l)
	if nl {
		need++
	}
	if need > aliasLineMax-len(a.buf)-1 {
		// sendmail drops the continuation lines that follow without
		// counting them.
		a.tooLong = true
		for {
			c, err := a.r.Peek(1)
			if err != nil || (c[0] != ' ' && c[0] != '\t') {
				break
			}
			a.r.ReadBytes('\n')
		}
		return false
	}
	a.buf = append(a.buf, l...)
	return true
}

func (a *aliasLines) next() ([]byte, bool) {
	a.buf, a.tooLong = a.buf[:0], false
	l, nl, ok := a.physical()
	if !ok {
		return nil, false
	}
	if !a.add(l, nl) {
		return a.buf, true
	}
	for {
		for len(a.buf) > 0 && a.buf[len(a.buf)-1] == '\\' {
			l, nl, ok := a.physical()
			if !ok {
				break
			}
			a.buf = a.buf[:len(a.buf)-1]
			if !a.add(l, nl) {
				return a.buf, true
			}
		}
		c, err := a.r.Peek(1)
		if err != nil || (c[0] != ' ' && c[0] != '\t') {
			break
		}
		l, nl, _ := a.physical()
		if !a.add(l, nl) {
			return a.buf, true
		}
	}
	if i := bytes.IndexByte(a.buf, 0); i >= 0 {
		return a.buf[:i], true
	}
	return a.buf, true
}

// ParseAliases reads an alias file named file from r, calling fn for each
// alias (its folded name, its value and its line) and diag for each
// problem. It stops only on a read error.
func ParseAliases(r io.Reader, file string, o AliasOptions, fn func(name, value string, line int), diag func(AliasDiag)) error {
	resolve := o.ResolveLHS
	if resolve == nil {
		resolve = func(lhs string) (string, error) { return DefaultResolveLHS(lhs, o.LocalDomains) }
	}
	al := &aliasLines{r: bufio.NewReaderSize(r, 64<<10)}
	skipping := false
	seen := map[string]bool{}
	for {
		l, ok := al.next()
		if !ok {
			return nil
		}
		bad := func(msg string) { diag(AliasDiag{File: file, Line: al.line, Msg: msg}) }
		if al.tooLong {
			bad("alias line too long")
			skipping = true
			continue
		}
		if len(l) == 0 || l[0] == '#' {
			skipping = false
			continue
		}
		if l[0] == ' ' || l[0] == '\t' {
			if !skipping {
				bad("Non-continuation line starts with space")
			}
			skipping = true
			continue
		}
		skipping = false
		colon := bytes.IndexByte(l, ':')
		if colon < 0 {
			bad("missing colon")
			continue
		}
		lhsText, err := scanLHS(string(l))
		if err != nil {
			bad(string(l) + "... " + err.Error())
			if !errors.Is(err, errUnclosedAngle) {
				continue
			}
		}
		if lhsText == "" {
			t := l
			if len(t) > 40 {
				t = t[:40]
			}
			bad(string(t) + "... illegal alias name")
			continue
		}
		name, err := resolve(lhsText)
		if err != nil {
			bad(lhsText + "... " + err.Error())
			continue
		}
		if strings.EqualFold(name, "postmaster") {
			name = "postmaster"
		}
		rhs := l[colon+1:]
		for len(rhs) > 0 && isCSpace(rhs[0]) {
			rhs = rhs[1:]
		}
		if len(rhs) == 0 {
			t := l
			if len(t) > 40 {
				t = t[:40]
			}
			bad(string(t) + "... missing value for alias")
			continue
		}
		if seen[name] {
			diag(AliasDiag{File: file, Line: al.line, Msg: lhsText + "... Warning: duplicate alias name " + name, Warning: true})
		}
		seen[name] = true
		fn(name, string(rhs), al.line)
	}
}

var errUnclosedAngle = errors.New("Unbalanced '<'")

// scanLHS extracts the address before the first ':' that is outside
// quotes, comments and angle brackets, as sendmail's address scanner does:
// comments are dropped, white space between words becomes '.', and inside
// angle brackets only the bracketed address counts.
func scanLHS(line string) (string, error) {
	var out strings.Builder
	var angle strings.Builder
	inAngle, sawAngle := false, false
	pendingSpace := false
	cur := &out
	lastWord := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '"':
			j := i + 1
			for ; j < len(line) && line[j] != '"'; j++ {
				if line[j] == '\\' {
					j++
				}
			}
			if j >= len(line) {
				return "", fmt.Errorf("Unbalanced '\"'")
			}
			if pendingSpace && lastWord {
				cur.WriteByte('.')
			}
			cur.WriteString(line[i : j+1])
			i = j
			pendingSpace, lastWord = false, true
		case c == '(':
			depth := 0
			j := i
			for ; j < len(line); j++ {
				if line[j] == '\\' {
					j++
					continue
				}
				if line[j] == '(' {
					depth++
				} else if line[j] == ')' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			if j >= len(line) {
				return "", fmt.Errorf("Unbalanced '('")
			}
			i = j
			pendingSpace = true
		case c == ')':
			return "", fmt.Errorf("Unbalanced ')'")
		case c == '<':
			if inAngle {
				return "", fmt.Errorf("Unbalanced '<'")
			}
			inAngle, sawAngle = true, true
			angle.Reset()
			cur = &angle
			pendingSpace, lastWord = false, false
		case c == '>':
			if !inAngle {
				return "", fmt.Errorf("Unbalanced '>'")
			}
			inAngle = false
			cur = &out
			pendingSpace, lastWord = false, false
		case c == ':' && !inAngle:
			return finishLHS(out.String(), angle.String(), sawAngle), nil
		case isCSpace(c):
			pendingSpace = true
		case c == '@' || c == '.' || c == ',' || c == ';' || c == ':' || c == '[' || c == ']':
			cur.WriteByte(c)
			pendingSpace, lastWord = false, false
		case c == '\\' && i+1 < len(line):
			if pendingSpace && lastWord {
				cur.WriteByte('.')
			}
			cur.WriteString(line[i : i+2])
			i++
			pendingSpace, lastWord = false, true
		default:
			if pendingSpace && lastWord {
				cur.WriteByte('.')
			}
			cur.WriteByte(c)
			pendingSpace, lastWord = false, true
		}
	}
	if inAngle {
		// sendmail closes the bracket itself and goes on.
		return angle.String(), errUnclosedAngle
	}
	return finishLHS(out.String(), angle.String(), sawAngle), nil
}

func finishLHS(out, angle string, sawAngle bool) string {
	if sawAngle {
		return angle
	}
	return out
}

// DefaultResolveLHS accepts "user" and "user@domain" for a local domain,
// returning the user folded to lower case.
func DefaultResolveLHS(lhs string, localDomains []string) (string, error) {
	if lhs == "" {
		return "", fmt.Errorf("illegal alias name")
	}
	user := lhs
	if i := strings.LastIndexByte(lhs, '@'); i >= 0 && !strings.Contains(lhs[i:], "\"") {
		user = lhs[:i]
		dom := strings.TrimSuffix(strings.ToLower(lhs[i+1:]), ".")
		local := dom == "localhost"
		for _, d := range localDomains {
			local = local || strings.EqualFold(d, dom)
		}
		if !local || user == "" {
			return "", fmt.Errorf("cannot alias non-local names")
		}
	}
	return strings.ToLower(user), nil
}
