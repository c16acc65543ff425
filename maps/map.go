package maps

import (
	"errors"
	"fmt"
	"strings"
)

// Map is an open keyed map, as a K line of sendmail.cf declares it.
//
// Lookup returns the value for key (with sendmail's post-processing:
// %0-%9 replaced by the key and args, -a appended, -m, -S...). found is
// false when the key is absent. err is non-nil only for failures; a
// temporary one (server down, file being replaced...) satisfies
// errors.Is(err, ErrTempFail), and the caller should defer the message.
type Map interface {
	Lookup(key string, args []string) (value string, found bool, err error)
	Spec() *Spec
	Close() error
}

// ErrTempFail marks temporary lookup failures.
var ErrTempFail = errors.New("temporary map failure")

// tempErr wraps a temporary failure's cause.
type tempErr struct{ err error }

func (e tempErr) Error() string          { return e.err.Error() }
func (e tempErr) Unwrap() []error        { return []error{ErrTempFail, e.err} }
func (e tempErr) Temporary() bool        { return true }
func tempFail(err error) error           { return tempErr{err} }
func tempFailf(f string, a ...any) error { return tempErr{fmt.Errorf(f, a...)} }

// IsTemp tells whether err is a temporary failure.
func IsTemp(err error) bool { return errors.Is(err, ErrTempFail) }

// Spec is a parsed map declaration: "Kname class flags args".
type Spec struct {
	Name, Class string

	Optional   bool            // -o: a map that cannot be opened is empty
	InclNull   bool            // -N: keys carry a trailing NUL
	NoNull     bool            // -O: keys never carry a trailing NUL
	Append     string          // -a: appended to successful results
	TempAppend string          // -T: on a temporary failure, the key with this appended is returned
	NoFold     bool            // -f: keys are not folded to lower case
	MatchOnly  bool            // -m: return the key, not the value
	KeyCol     string          // -k
	ValCol     string          // -v
	Delim      string          // -z: column delimiter / separator of multiple values
	TempAsPerm bool            // -t: temporary failures count as not found
	NoDefer    bool            // -D: no lookup in deferred delivery mode
	SpaceSub   byte            // -S: spaces in results become this
	DequoteSub byte            // -s (dequote): spaces become this
	KeepQuotes bool            // -q: keys are not dequoted before the lookup
	AliasMerge bool            // -A: entries with the same name are merged
	Class1     map[byte]string // class-specific flags (-R, -B, -d, -r, -L, -n, -b, -s...)
	Args       []string        // the rest: file, pattern, maps, program...
	Line       string          // the text after the class
}

// classFlags lists, per class, the flags parsed as class-specific ones
// (those taking a value end with ':' in the list).
var classFlags = map[string]string{
	"regex":  "n b s: d: ",
	"dns":    "R: B: d: r: Z: I",
	"host":   "d: r:",
	"socket": "d:",
	"syslog": "L: D:",
	"bestmx": "d: r:",
}

// ParseKLine parses a K line ("Kname class args", with or without the K).
func ParseKLine(line string) (*Spec, error) {
	line = strings.TrimPrefix(line, "K")
	f := strings.Fields(line)
	if len(f) < 2 {
		return nil, fmt.Errorf("K line %q: missing map class", line)
	}
	rest := strings.TrimLeft(line, " \t")
	rest = strings.TrimLeft(rest[len(f[0]):], " \t")
	rest = strings.TrimLeft(rest[len(f[1]):], " \t")
	return ParseSpec(f[0], f[1], rest)
}

// ParseSpec parses the flags and arguments of a map of the given class.
func ParseSpec(name, class, args string) (*Spec, error) {
	s := &Spec{Name: name, Class: class, Line: args, Class1: map[byte]string{}}
	own := classFlags[class]
	p := strings.TrimLeft(args, " \t")
	for len(p) > 1 && p[0] == '-' {
		end := strings.IndexAny(p, " \t")
		if end < 0 {
			end = len(p)
		}
		word := p[1:end]
		p = strings.TrimLeft(p[end:], " \t")
		if word == "" {
			continue
		}
		c, val := word[0], word[1:]
		if i := strings.IndexByte(own, c); i >= 0 && class != "" {
			s.Class1[c] = val
			continue
		}
		switch c {
		case 'o':
			s.Optional = true
		case 'N':
			s.InclNull = true
		case 'O':
			s.NoNull = true
		case 'a':
			s.Append = val
		case 'T':
			s.TempAppend = val
		case 'f':
			s.NoFold = true
		case 'm':
			s.MatchOnly = true
		case 'k':
			s.KeyCol = val
		case 'v':
			s.ValCol = val
		case 'z':
			s.Delim = unescapeDelim(val)
		case 't':
			s.TempAsPerm = true
		case 'D':
			s.NoDefer = true
		case 'S':
			if val != "" {
				s.SpaceSub = val[0]
			}
		case 's':
			if val != "" {
				s.DequoteSub = val[0]
			}
		case 'q':
			s.KeepQuotes = true
		case 'A':
			s.AliasMerge = true
		default:
			s.Class1[c] = val
		}
	}
	if class == "regex" {
		// The pattern is the rest of the line, spaces included.
		if p != "" {
			s.Args = []string{p}
		}
	} else {
		s.Args = strings.Fields(p)
	}
	return s, nil
}

func unescapeDelim(v string) string {
	switch v {
	case `\n`:
		return "\n"
	case `\t`:
		return "\t"
	}
	return v
}

// rewrite is sendmail's treatment of a found value: %0 is the key, %1-%9
// the lookup arguments, %% a percent sign; -a is appended.
func (s *Spec) rewrite(v, key string, args []string) string {
	if strings.IndexByte(v, '%') < 0 {
		return s.finish(v)
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(v) {
			b.WriteByte('%')
			break
		}
		c = v[i]
		switch {
		case c == '%':
			b.WriteByte('%')
		case c >= '0' && c <= '9':
			n := int(c - '0')
			if n == 0 {
				b.WriteString(key)
			} else if n <= len(args) {
				b.WriteString(args[n-1])
			}
		default:
			b.WriteByte('%')
			b.WriteByte(c)
		}
	}
	return s.finish(b.String())
}

func (s *Spec) finish(v string) string {
	v += s.Append
	if s.SpaceSub != 0 {
		v = strings.ReplaceAll(v, " ", string(s.SpaceSub))
	}
	return v
}

// backend is what a map class implements: the raw lookup of a key already
// folded and dequoted as the flags say. It returns the value before %n
// rewriting; rewrite false means the value is final (only -a/-S apply).
type backend interface {
	get(key string, args []string) (val string, found bool, err error)
	close() error
}

// keyed wraps a backend with the processing common to all classes.
type keyed struct {
	spec *Spec
	b    backend
	fold bool // the class folds keys unless -f
	raw  bool // the class's results are not %n-rewritten
}

func (m *keyed) Spec() *Spec  { return m.spec }
func (m *keyed) Close() error { return m.b.close() }

func (m *keyed) Lookup(key string, args []string) (string, bool, error) {
	s := m.spec
	if !s.KeepQuotes {
		key = stripQuotes(key)
	}
	k := key
	if m.fold && !s.NoFold {
		k = strings.ToLower(k)
	}
	v, found, err := m.b.get(k, args)
	if err != nil {
		if IsTemp(err) {
			if s.TempAsPerm {
				return "", false, nil
			}
			if s.TempAppend != "" {
				return key + s.TempAppend, true, nil
			}
		}
		return "", false, err
	}
	if !found {
		return "", false, nil
	}
	if s.MatchOnly {
		v = key
	}
	if m.raw {
		return s.finish(v), true, nil
	}
	return s.rewrite(v, key, args), true, nil
}

// stripQuotes removes unescaped double quotes, as sendmail does to keys.
func stripQuotes(s string) string {
	if strings.IndexByte(s, '"') < 0 {
		return s
	}
	var b strings.Builder
	esc := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if esc {
			esc = false
		} else if c == '\\' {
			esc = true
		} else if c == '"' {
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
