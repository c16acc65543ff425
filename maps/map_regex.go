package maps

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
)

// regexMap matches keys against a POSIX regular expression (extended, or
// basic with -b), case-insensitively unless -f, with leftmost-longest
// semantics. A match returns "" (the key with -m; with -s the chosen
// subexpressions, all of them from 0 when no list is given, joined by -d
// or $|); -n inverts the test.
type regexMap struct {
	re    *regexp.Regexp
	not   bool
	subs  []int // nil: no -s
	delim string
	match bool
}

// DefaultRegexDelim separates regex -s substrings when neither -d nor
// Env.RegexDelim says otherwise.
const DefaultRegexDelim = "$|"

func openRegexMap(s *Spec, env *Env) (*regexMap, error) {
	if len(s.Args) == 0 {
		return nil, fmt.Errorf("regex map: no pattern")
	}
	pat := s.Args[0]
	if _, ok := s.Class1['b']; ok {
		pat = breToERE(pat)
	}
	flags := syntax.POSIX
	if !s.NoFold {
		flags |= syntax.FoldCase
	}
	tree, err := syntax.Parse(pat, flags)
	if err != nil {
		return nil, fmt.Errorf("regex map: pattern %q: %v", pat, err)
	}
	re, err := regexp.Compile(tree.String())
	if err != nil {
		return nil, fmt.Errorf("regex map: pattern %q: %v", pat, err)
	}
	re.Longest()
	m := &regexMap{re: re, match: s.MatchOnly}
	_, m.not = s.Class1['n']
	if list, ok := s.Class1['s']; ok {
		if list == "" {
			for i := 0; i <= re.NumSubexp(); i++ {
				m.subs = append(m.subs, i)
			}
		} else {
			for _, f := range strings.Split(list, ",") {
				n, err := strconv.Atoi(f)
				if err != nil || n < 0 || n > re.NumSubexp() {
					return nil, fmt.Errorf("regex map: bad substring number %q", f)
				}
				m.subs = append(m.subs, n)
			}
		}
	}
	m.delim = env.RegexDelim
	if m.delim == "" {
		m.delim = DefaultRegexDelim
	}
	if d, ok := s.Class1['d']; ok {
		m.delim = d
	}
	return m, nil
}

func (m *regexMap) get(key string, _ []string) (string, bool, error) {
	loc := m.re.FindStringSubmatchIndex(key)
	if (loc != nil) == m.not {
		return "", false, nil
	}
	if m.match {
		return key, true, nil
	}
	if m.subs == nil || loc == nil {
		return "", true, nil
	}
	var b strings.Builder
	for i, n := range m.subs {
		if i > 0 {
			b.WriteString(m.delim)
		}
		if loc[2*n] >= 0 {
			b.WriteString(key[loc[2*n]:loc[2*n+1]])
		}
	}
	return b.String(), true, nil
}

func (m *regexMap) close() error { return nil }

// breToERE turns a POSIX basic regular expression into an extended one.
func breToERE(p string) string {
	var b strings.Builder
	inBracket := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		if inBracket {
			b.WriteByte(c)
			if c == ']' && !(i > 0 && (p[i-1] == '[' || (p[i-1] == '^' && i > 1 && p[i-2] == '['))) {
				inBracket = false
			}
			continue
		}
		switch c {
		case '[':
			inBracket = true
			b.WriteByte(c)
		case '\\':
			if i+1 < len(p) {
				i++
				switch p[i] {
				case '(', ')', '{', '}':
					b.WriteByte(p[i])
				default:
					b.WriteByte('\\')
					b.WriteByte(p[i])
				}
			} else {
				b.WriteString(`\\`)
			}
		case '(', ')', '{', '}', '+', '?', '|':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '*':
			if i == 0 || p[i-1] == '(' {
				b.WriteString(`\*`)
			} else {
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
