package maps

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"net/netip"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// seqMap (class sequence) asks its maps in order; the first that knows
// the key answers. A temporary failure of one of them is returned only
// when no later map knows the key.
type seqMap struct {
	env   *Env
	names []string
	maps  []Map // fixed list (switch)
}

func (m *seqMap) list() []Map {
	if m.maps != nil {
		return m.maps
	}
	var l []Map
	for _, n := range m.names {
		if m.env.Map != nil {
			if mm, ok := m.env.Map(n); ok {
				l = append(l, mm)
			}
		}
	}
	return l
}

func (m *seqMap) get(key string, args []string) (string, bool, error) {
	var temp error
	for _, mm := range m.list() {
		v, ok, err := mm.Lookup(key, args)
		if err != nil {
			if temp == nil {
				temp = err
			}
			continue
		}
		if ok {
			return v, true, nil
		}
	}
	return "", false, temp
}

func (m *seqMap) close() error { return nil }

// FieldLines reads a file of white-space separated fields with '#'
// comments (hosts files, service switches) and calls fn with the fields of
// each line that has any, until fn returns false.
func FieldLines(path string, fn func(fields []string) bool) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, l := range strings.Split(string(data), "\n") {
		if i := strings.IndexByte(l, '#'); i >= 0 {
			l = l[:i]
		}
		if f := strings.Fields(l); len(f) > 0 && !fn(f) {
			break
		}
	}
	return nil
}

// ServiceSwitch reads a service switch file ("service method..." lines,
// '#' comments). Services it does not list get sendmail's defaults.
func ServiceSwitch(path string) (map[string][]string, error) {
	sw := map[string][]string{}
	err := FieldLines(path, func(f []string) bool {
		if len(f) > 1 {
			sw[strings.TrimSuffix(f[0], ":")] = f[1:]
		}
		return true
	})
	return sw, err
}

// defaultServices are used for services the switch file does not name.
var defaultServices = map[string][]string{
	"hosts":   {"dns", "files"},
	"aliases": {"files"},
	"passwd":  {"files"},
}

func (e *Env) services(service string) []string {
	sw := e.Services
	if sw == nil {
		p := e.ServiceSwitch
		if p == "" {
			p = "/etc/mail/service.switch"
		}
		sw, _ = ServiceSwitch(p)
	}
	if m, ok := sw[service]; ok {
		return m
	}
	return defaultServices[service]
}

// openSwitchMap (class switch): "Kname switch service" searches the maps
// name.method for each method the service switch lists for the service.
func openSwitchMap(s *Spec, env *Env) (*seqMap, error) {
	if len(s.Args) == 0 {
		return nil, errors.New("switch map: no service")
	}
	m := &seqMap{env: env}
	for _, method := range env.services(s.Args[0]) {
		m.names = append(m.names, s.Name+"."+method)
	}
	return m, nil
}

// userMap (class user) looks users up in the password file; the value is
// the field named by -v (name, passwd, uid, gid, gecos, dir, shell, or 1-7),
// or the key itself.
type userMap struct {
	spec *Spec
	env  *Env
}

var passwdFields = map[string]int{"name": 0, "passwd": 1, "uid": 2, "gid": 3, "gecos": 4, "dir": 5, "shell": 6}

func (m *userMap) get(key string, _ []string) (string, bool, error) {
	p := m.env.PasswdFile
	if p == "" {
		p = "/etc/passwd"
	}
	f, err := os.Open(p)
	if err != nil {
		return "", false, tempFail(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ":")
		if len(fields) < 7 || fields[0] != key {
			continue
		}
		col := m.spec.ValCol
		if col == "" {
			return key, true, nil
		}
		n, ok := passwdFields[strings.ToLower(col)]
		if !ok {
			if n, err = strconv.Atoi(col); err != nil || n < 1 || n > 7 {
				return "", false, errors.New("user map: bad -v field " + col)
			}
			n--
		}
		return fields[n], true, nil
	}
	return "", false, sc.Err()
}

func (m *userMap) close() error { return nil }

// arithMap (class arith): the key is the operator (+ - * / % | & l = r),
// the two arguments the operands, read as C's atoi reads them.
type arithMap struct{}

// Atol reads a leading decimal number as C's atol does: white space, an
// optional sign, digits; anything else ends it.
func Atol(s string) int64 {
	s = strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	// accumulate negatively so that the most negative value fits; clamp
	// on overflow as glibc's strtol does
	var n int64
	over := false
	for i := 0; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		d := int64(s[i] - '0')
		if n < (math.MinInt64+d)/10 {
			over = true
			continue
		}
		n = n*10 - d
	}
	switch {
	case over && neg:
		return math.MinInt64
	case over || !neg && n == math.MinInt64:
		return math.MaxInt64
	case neg:
		return n
	}
	return -n
}

func (arithMap) get(key string, args []string) (string, bool, error) {
	if len(args) < 2 || len(key) != 1 {
		return "", false, nil
	}
	v, ok := Arith(key[0], Atol(args[0]), Atol(args[1]))
	return v, ok, nil
}

// Arith computes what the arith map class answers for operator op on a
// and b, in C long (64-bit) arithmetic as sendmail does: + - * / % | & give
// the number, l and = give TRUE or FALSE, r a random number in [a, b).
// ok is false for an unknown operator, a zero divisor or an empty range.
func Arith(op byte, a, b int64) (string, bool) {
	var r int64
	switch op {
	case '+':
		r = a + b
	case '-':
		r = a - b
	case '*':
		r = a * b
	case '/', '%':
		if b == 0 {
			return "", false
		}
		if op == '/' {
			r = a / b
		} else {
			r = a % b
		}
	case '|':
		r = a | b
	case '&':
		r = a & b
	case 'l', '=':
		if (op == 'l' && a < b) || (op == '=' && a == b) {
			return "TRUE", true
		}
		return "FALSE", true
	case 'r':
		if b <= a {
			return "", false
		}
		r = a + rand.Int64N(b-a)
	default:
		return "", false
	}
	// sendmail formats the number into a 16-byte buffer: at most 15
	// characters come out
	v := strconv.FormatInt(r, 10)
	if len(v) > 15 {
		v = v[:15]
	}
	return v, true
}

func (arithMap) close() error { return nil }

// macroMap (class macro) sets the macro named by the key to the first
// argument, or clears it when there is none; it returns "".
type macroMap struct{ env *Env }

func (m *macroMap) get(key string, args []string) (string, bool, error) {
	if m.env.SetMacro != nil {
		if len(args) > 0 {
			m.env.SetMacro(key, args[0], true)
		} else {
			m.env.SetMacro(key, "", false)
		}
	}
	return "", true, nil
}

func (m *macroMap) close() error { return nil }

// dequoteMap (class dequote) removes double quotes from the key; it fails
// when there were none or when the result would not scan (unbalanced
// angle brackets or parentheses, a trailing backslash, a space unless -s
// gives its substitute).
type dequoteMap struct{ sub byte }

func (m dequoteMap) get(key string, _ []string) (string, bool, error) {
	var b strings.Builder
	angle, cmnt := 0, 0
	quote, bslash, dequoted := false, false, false
	for i := 0; i < len(key); i++ {
		c := key[i]
		if bslash {
			bslash = false
			b.WriteByte(c)
			continue
		}
		if c == ' ' && m.sub != 0 {
			c = m.sub
		}
		switch c {
		case '\\':
			bslash = true
		case '(':
			cmnt++
		case ')':
			if cmnt--; cmnt < 0 {
				return "", false, nil
			}
		case '<':
			angle++
		case '>':
			if angle--; angle < 0 {
				return "", false, nil
			}
		case '"':
			quote = !quote
			dequoted = true
			continue
		}
		b.WriteByte(c)
	}
	r := b.String()
	if angle != 0 || cmnt != 0 || bslash || quote || !dequoted || strings.ContainsAny(r, " \t") {
		return "", false, nil
	}
	return r, true, nil
}

func (dequoteMap) close() error { return nil }

// programMap (class program) runs the program with its K-line arguments
// and the key; the first line it prints is the value. A non-zero exit
// means not found (75, EX_TEMPFAIL, a temporary failure).
type programMap struct {
	argv []string
	env  *Env
}

func (m *programMap) get(key string, _ []string) (string, bool, error) {
	d := m.env.ProgramTimeout
	if d == 0 {
		d = 60 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	cmd := exec.CommandContext(ctx, m.argv[0], append(m.argv[1:], key)...)
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() == 75 {
			return "", false, tempFail(err)
		}
		if ctx.Err() != nil {
			return "", false, tempFail(ctx.Err())
		}
		if errors.As(err, &ee) && ee.ExitCode() > 0 {
			return "", false, nil
		}
		return "", false, err
	}
	if len(out) == 0 {
		return "", false, nil
	}
	if i := bytes.IndexByte(out, '\n'); i >= 0 {
		out = out[:i]
	}
	return string(out), true, nil
}

func (m *programMap) close() error { return nil }

// syslogMap (class syslog) logs the key at the -L level (default notice)
// and returns "".
type syslogMap struct {
	spec *Spec
	env  *Env
}

func (m *syslogMap) get(key string, _ []string) (string, bool, error) {
	if m.env.Syslog != nil {
		lvl := m.spec.Class1['L']
		if lvl == "" {
			lvl = "notice"
		}
		m.env.Syslog(lvl, key)
	}
	return "", true, nil
}

func (m *syslogMap) close() error { return nil }

// arpaMap (class arpa) gives the reverse-lookup name of an IP address
// (without in-addr.arpa or ip6.arpa).
type arpaMap struct{}

func (arpaMap) get(key string, _ []string) (string, bool, error) {
	k := key
	if len(k) > 5 && strings.EqualFold(k[:5], "IPv6:") {
		k = k[5:]
	}
	a, err := netip.ParseAddr(k)
	if err != nil {
		return "", false, nil
	}
	var parts []string
	if a.Is4() {
		b := a.As4()
		for i := 3; i >= 0; i-- {
			parts = append(parts, strconv.Itoa(int(b[i])))
		}
	} else {
		b := a.As16()
		const hex = "0123456789abcdef"
		for i := 15; i >= 0; i-- {
			parts = append(parts, string(hex[b[i]&15]), string(hex[b[i]>>4]))
		}
	}
	return strings.Join(parts, "."), true, nil
}

func (arpaMap) close() error { return nil }
