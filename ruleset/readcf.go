package ruleset

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/user"
	"strconv"
	"strings"

	"github.com/gosendmail/gosendmail/maps"
)

// Options for Read.
type ReadOptions struct {
	// Out receives diagnostics (sendmail prints them on its standard
	// output in test mode).
	Out io.Writer
	// TestMode: sendmail -bt (warnings only test mode prints).
	TestMode bool
	// HostName is this host's fully qualified name (default os.Hostname).
	HostName string
	// NodeName is $k (default: uname's node name).
	NodeName string
	// Interfaces lists this host's IPv4 addresses for class w; nil
	// means ask the system.
	Interfaces []string
	// NoInterfaces skips probing interfaces.
	NoInterfaces bool
	// ExtraLines are configuration lines applied after the file (-o, -O).
	ExtraLines []string
	// StepLimit bounds the rules tried per test-mode command (0: no
	// bound); sendmail has none, fuzzing needs one.
	StepLimit int
	// Debug holds the -d arguments (see SetDebug), in order.
	Debug []string
}

// Read parses a sendmail.cf.
func Read(path string, o ReadOptions) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadFrom(f, path, o), nil
}

// ReadFrom parses a sendmail.cf read from r; name is used in messages.
func ReadFrom(r io.Reader, name string, o ReadOptions) *Config {
	c := newConfig(o.Out)
	c.File = name
	c.testMode = o.TestMode
	c.StepLimit = o.StepLimit
	for _, d := range o.Debug {
		c.SetDebug(d)
	}
	c.initHost(o)
	c.setupMailers()
	c.readLines(r)
	for _, l := range o.ExtraLines {
		c.doLine(l)
	}
	if c.dbg[0] >= 1 {
		c.printIdentity()
	}
	c.finish(o)
	return c
}

// syserr prints a configuration error naming file and line.
func (c *Config) syserr(format string, a ...any) {
	c.Errors++
	msg := fmt.Sprintf(format, a...)
	if c.lineNo > 0 {
		msg = fmt.Sprintf("%s: line %d: %s", c.File, c.lineNo, msg)
	}
	c.printf("%s\n", sanitize(msg))
}

func (c *Config) printf(format string, a ...any) {
	if c.Out != nil {
		fmt.Fprintf(c.Out, format, a...)
	}
}

// sanitize strips the high bit of message bytes, as sendmail's error
// output does.
func sanitize(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 0x80 {
					b[j] &= 0x7f
					if b[j] == 0 {
						b[j] = '?'
					}
				}
			}
			return string(b)
		}
	}
	return s
}

// readLines reads folded lines and interprets each.
func (c *Config) readLines(r io.Reader) {
	br := bufio.NewReaderSize(r, 64*1024)
	var cur []byte
	have := false
	phys := 0
	emit := func() {
		if have {
			c.lineNo = phys
			c.doLine(string(cur))
		}
		cur = cur[:0]
		have = false
	}
	for {
		line, err := br.ReadString('\n')
		if len(line) == 0 && err != nil {
			break
		}
		line = strings.TrimSuffix(line, "\n")
		line = strings.TrimSuffix(line, "\r")
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') && have {
			// continuation of the previous line
			phys++
			cur = append(cur, '\n')
			cur = append(cur, line...)
			continue
		}
		emit()
		phys++
		cur = append(cur, line...)
		have = true
		if err != nil {
			break
		}
	}
	emit()
	c.lineNo = 0
}

// translate converts "$x" forms of a .cf line into internal codes,
// removes '#' comments (not after '$' or '\') and trailing white space.
func translate(s string) string {
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch == '#' && i > 0 {
			prev := s[i-1]
			if prev == '$' && (len(b) > 0 && b[len(b)-1] == cCanonNet) {
				continue // already emitted as $#
			}
			if prev == '\\' {
				b[len(b)-1] = '#'
				continue
			}
			// a comment: drop white space before it and the rest of the
			// physical line
			for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
				b = b[:len(b)-1]
			}
			if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
				i += j - 1
				continue
			}
			break
		}
		if ch != '$' || i+1 >= len(s) {
			b = append(b, ch)
			continue
		}
		i++
		n := s[i]
		if n == '$' {
			b = append(b, '$')
			continue
		}
		if n >= '0' && n <= '9' {
			b = append(b, cMatchRepl, n)
			continue
		}
		if m := metaChars[n]; m != 0 {
			b = append(b, m)
			if m == cCanonNet && i+1 < len(s) && s[i+1] == '#' {
				// "$##": the second '#' is literal
			}
			if n == '=' || n == '~' || n == '&' || n == '?' {
				if i+1 < len(s) {
					i++
					i = appendMacName(&b, s, i)
				}
			}
			continue
		}
		b = append(b, cMacroExpand)
		i = appendMacName(&b, s, i)
	}
	// strip trailing white space
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return string(b)
}

// appendMacName copies the macro name at s[i] ("x" or "{name}") and
// returns the index of its last byte.
func appendMacName(b *[]byte, s string, i int) int {
	if s[i] == '{' {
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			*b = append(*b, s[i:]...)
			return len(s) - 1
		}
		name := s[i+1 : i+j]
		if len(name) == 1 {
			*b = append(*b, name[0])
		} else {
			*b = append(*b, s[i:i+j+1]...)
		}
		return i + j
	}
	*b = append(*b, s[i])
	return i
}

// macName reads a macro name from an internal string at s[i]: "x" or
// "{name}"; it returns the name and the index after it.
func macName(s string, i int) (string, int) {
	if i >= len(s) {
		return "", i
	}
	if s[i] == '{' {
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return s[i+1:], len(s)
		}
		return s[i+1 : i+j], i + j + 1
	}
	return s[i : i+1], i + 1
}

// expand interpolates macros and conditionals of an internal string;
// metasymbols other than $? $| $. and macro references pass through.
func (c *Config) expand(s string) string {
	if !strings.ContainsAny(s, "\x81\x9a") {
		return s
	}
	return c.expandDepth(s, 0)
}

func (c *Config) expandDepth(s string, depth int) string {
	var b strings.Builder
	iflev, skiplev := 0, 0
	skipping := false
	recurse := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch ch {
		case cCondIf:
			iflev++
			name, j := macName(s, i+1)
			i = j - 1
			if skipping {
				skiplev++
			} else {
				v, ok := c.macros[name]
				skipping = !ok || v == ""
			}
			continue
		case cCondElse:
			if iflev == 0 {
				break
			}
			if skiplev == 0 {
				skipping = !skipping
			}
			continue
		case cCondFi:
			if iflev == 0 {
				break
			}
			iflev--
			if skiplev == 0 {
				skipping = false
			}
			if skipping {
				skiplev--
			}
			continue
		case cMacroExpand:
			name, j := macName(s, i+1)
			i = j - 1
			if skipping {
				continue
			}
			v, ok := c.macros[name]
			if !ok {
				continue
			}
			for k := 0; k < len(v); k++ {
				if v[k]&0xe0 == 0x80 {
					recurse = true
				}
			}
			b.WriteString(v)
			continue
		case cMacroDExpand, cMatchClass, cMatchNClass:
			if skipping {
				_, j := macName(s, i+1)
				i = j - 1
				continue
			}
			b.WriteByte(ch)
			_, j := macName(s, i+1)
			b.WriteString(s[i+1 : j])
			i = j - 1
			continue
		case cMatchRepl:
			if skipping {
				i++
				continue
			}
			b.WriteByte(ch)
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
			continue
		}
		if !skipping {
			b.WriteByte(ch)
		}
	}
	out := b.String()
	if recurse && depth < 20 {
		return c.expandDepth(out, depth+1)
	}
	return out
}

// doLine interprets one folded line.
func (c *Config) doLine(raw string) {
	if raw == "" || raw[0] == '#' {
		return
	}
	bp := translate(raw)
	if bp == "" {
		return
	}
	switch bp[0] {
	case '#':
	case 'R':
		c.ruleLine(bp)
	case 'S':
		c.selectRuleset(c.expand(bp[1:]))
	case 'D':
		name, rest, ok := c.macidParse(bp[1:])
		if !ok {
			return
		}
		c.macros[name] = munchstring(rest, 0)
	case 'C':
		name, rest, ok := c.macidParse(bp[1:])
		if !ok {
			return
		}
		for _, w := range strings.Fields(c.expand(rest)) {
			c.AddClass(name, w)
		}
	case 'F':
		c.fileClassLine(bp[1:])
	case 'M':
		c.makeMailer(bp[1:])
	case 'H':
		c.Headers = append(c.Headers, bp[1:])
	case 'O':
		if len(bp) < 2 {
			c.setOption(0, "")
		} else {
			c.setOption(bp[1], bp[2:])
		}
	case 'K':
		c.mapLine(c.expand(bp[1:]))
	case 'V':
		c.versionLine(bp[1:])
	case 'T':
		for _, w := range strings.Fields(c.expand(bp[1:])) {
			c.AddClass("t", w)
		}
	case 'P':
		if !strings.Contains(bp, "=") {
			c.syserr("Precedence line: missing '='")
		}
	case 'E', 'Q', 'X', 'L':
		// environment, queue groups, milters: accepted, not used by -bt
	default:
		c.syserr("unknown configuration line \"%s\"", bp)
	}
}

// munchstring removes double quotes and handles backslash escapes (\n,
// \r) of D lines and mailer fields; it stops at an unquoted delim.
func munchstring(p string, delim byte) string {
	s, _ := munch(p, delim)
	return s
}

func munch(p string, delim byte) (string, int) {
	var b strings.Builder
	bs, quote := false, false
	i := 0
	for ; i < len(p); i++ {
		ch := p[i]
		switch {
		case bs:
			bs = false
			switch ch {
			case 'r':
				b.WriteByte('\r')
			case 'n':
				b.WriteByte('\n')
			default:
				b.WriteByte(ch)
			}
		case ch == '\\':
			bs = true
		case ch == '"':
			quote = !quote
		case quote || ch != delim || delim == 0:
			b.WriteByte(ch)
		default:
			return b.String(), i
		}
	}
	return b.String(), i
}

// macidParse reads a macro or class name at the start of s.
func (c *Config) macidParse(s string) (name, rest string, ok bool) {
	if s == "" || strings.HasPrefix(s, "{}") {
		c.syserr("Name required for macro/class")
		return "", s, false
	}
	if s[0] != '{' {
		return s[:1], s[1:], true
	}
	j := strings.IndexByte(s, '}')
	if j < 0 {
		c.syserr("Unbalanced { on %s", s[1:])
		return "", "", false
	}
	name = s[1:j]
	for i := 0; i < len(name); i++ {
		ch := name[i]
		if !(ch == '_' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9') {
			c.syserr("Invalid macro/class character %c", ch)
		}
	}
	return name, s[j+1:], true
}

func (c *Config) versionLine(s string) {
	p := strings.TrimLeft(s, " \t")
	if p == "" || p[0] < '0' || p[0] > '9' {
		t := s
		if len(t) > 20 {
			t = t[:20]
		}
		c.syserr("invalid argument to V line: \"%s\"", t)
		return
	}
	j := 0
	for j < len(p) && p[j] >= '0' && p[j] <= '9' {
		j++
	}
	c.Level, _ = strconv.Atoi(p[:j])
	if c.Level >= 5 {
		if w, ok := c.macros["w"]; ok {
			if k := strings.IndexByte(w, '.'); k >= 0 {
				c.macros["w"] = w[:k]
			}
		}
	}
	if j < len(p) && p[j] == '/' {
		v := p[j+1:]
		k := 0
		for k < len(v) && (v[k] >= 'a' && v[k] <= 'z' || v[k] >= 'A' && v[k] <= 'Z') {
			k++
		}
		v = v[:k]
		switch strings.ToLower(v) {
		case "berkeley", "sun", "hp", "ibm", "sequent", "sgi", "sco", "cyrus":
			c.Vendor = v
		default:
			c.syserr("invalid V line vendor code: \"%s\"", v)
		}
	}
}

// strtorwset resolves a ruleset reference; enter creates named ones.
// It returns the number (or -1) and the rest of s after the name.
func (c *Config) strtorwset(s string, enter bool) (int, string) {
	p := strings.TrimLeft(s, " \t\n")
	if p != "" && p[0] >= 0x80 {
		c.syserr("invalid ruleset name: \"%s\"", trunc(p, 20))
		return -1, p
	}
	if p != "" && p[0] >= '0' && p[0] <= '9' {
		j := 0
		n := 0
		for j < len(p) && p[j] >= '0' && p[j] <= '9' {
			if n < 1<<30 {
				n = n*10 + int(p[j]-'0')
			}
			j++
		}
		if n >= maxRWSets/2 {
			c.syserr("bad ruleset %d (%d max)", n, maxRWSets/2)
			return -1, p[j:]
		}
		return n, p[j:]
	}
	j := 0
	for j < len(p) && (p[j] == '_' || p[j] >= 'a' && p[j] <= 'z' || p[j] >= 'A' && p[j] <= 'Z' || p[j] >= '0' && p[j] <= '9') {
		j++
	}
	if j == 0 || !(p[0] >= 'a' && p[0] <= 'z' || p[0] >= 'A' && p[0] <= 'Z') {
		c.syserr("invalid ruleset name: \"%s\"", trunc(p, 20))
		return -1, p
	}
	name := p[:j]
	rest := strings.TrimLeft(p[j:], " \t")
	n, known := c.byName[name]
	if !known && !enter {
		return -1, rest
	}
	rs := -1
	if enter && rest != "" && rest[0] == '=' {
		q := strings.TrimLeft(rest[1:], " \t")
		if q == "" || q[0] < '0' || q[0] > '9' {
			c.syserr("bad ruleset definition \"%s\" (number required after `=')", p)
		} else {
			k := 0
			v := 0
			for k < len(q) && q[k] >= '0' && q[k] <= '9' {
				if v < 1<<30 {
					v = v*10 + int(q[k]-'0')
				}
				k++
			}
			rest = q[k:]
			if v >= maxRWSets/2 {
				c.syserr("bad ruleset number %d in \"%s\" (%d max)", v, p, maxRWSets/2)
			} else {
				rs = v
			}
		}
	} else if known {
		rs = n
	} else {
		rs = c.allocNamed()
		if rs < maxRWSets/2 {
			c.syserr("%s: too many named rulesets (%d max)", name, maxRWSets/2)
			rs = -1
		}
	}
	if known && rs >= 0 && rs != n {
		c.syserr("%s: ruleset changed value (old %d, new %d)", name, n, rs)
		rs = n
	} else if rs >= 0 {
		c.byName[name] = rs
	}
	if enter && rs >= 0 {
		if c.RWSets[rs] == nil {
			c.RWSets[rs] = &Ruleset{Num: rs}
		}
		c.RWSets[rs].Name = name
	}
	return rs, rest
}

// allocNamed hands out numbers to named rulesets from the top down.
func (c *Config) allocNamed() int {
	c.named++
	return maxRWSets - c.named
}

func trunc(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func (c *Config) selectRuleset(s string) {
	rs, _ := c.strtorwset(s, true)
	if rs < 0 {
		return
	}
	if c.RWSets[rs] == nil {
		c.RWSets[rs] = &Ruleset{Num: rs}
	}
	if len(c.RWSets[rs].Rules) > 0 && c.testMode {
		var b strings.Builder
		xputs(&b, s)
		c.printf("WARNING: Ruleset %s has multiple definitions\n", b.String())
	}
	c.curRW = rs
}

func (c *Config) fileClassLine(s string) {
	name, rest, ok := c.macidParse(s)
	if !ok {
		return
	}
	p := strings.TrimLeft(rest, " \t")
	optional := false
	if strings.HasPrefix(p, "-o") {
		optional = true
		k := strings.IndexAny(p, " \t")
		if k < 0 {
			p = ""
		} else {
			p = strings.TrimLeft(p[k:], " \t")
		}
	}
	file := p
	format := "%s"
	if !strings.HasPrefix(p, "|") {
		if k := strings.IndexAny(p, " \t"); k >= 0 {
			file = p[:k]
			if f := strings.TrimLeft(p[k:], " \t"); f != "" {
				format = f
			}
		}
	}
	c.fileClass(name, file, format, optional)
}

func (c *Config) setupMailers() {
	mk := func(line string) {
		c.makeMailer(line)
	}
	mk("prog, P=/bin/sh, F=lsouDq9, T=X-Unix/X-Unix/X-Unix, A=sh -c \x81u")
	mk("*file*, P=[FILE], F=lsDFMPEouq9, T=X-Unix/X-Unix/X-Unix, A=FILE \x81u")
	mk("*include*, P=/dev/null, F=su, A=INCLUDE \x81u")
}

func (c *Config) finish(o ReadOptions) {
	if c.mailerN["local"] == nil {
		c.syserr("No local mailer defined")
	}
	if j, ok := c.macros["j"]; ok {
		if j = c.expand(j); j != "" {
			c.AddClass("w", j)
		}
	}
	// DontProbeInterfaces=True: the host's addresses are not in $=w
	if v := c.Options["DontProbeInterfaces"]; !o.NoInterfaces && (v == "" || !strings.ContainsAny(v[:1], "tTyY")) {
		c.loadInterfaces(o.Interfaces)
	}
	c.openMaps()
}

// userLookup resolves a user name to uid and gid.
func userLookup(name string) (int, int, bool) {
	u, err := user.Lookup(name)
	if err != nil {
		return 0, 0, false
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return uid, gid, true
}

func groupLookup(name string) (int, bool) {
	g, err := user.LookupGroup(name)
	if err != nil {
		return 0, false
	}
	gid, _ := strconv.Atoi(g.Gid)
	return gid, true
}

// mapLine parses a K line.
func (c *Config) mapLine(s string) {
	s = strings.TrimLeft(s, " \t")
	f := strings.Fields(s)
	if len(f) < 2 {
		if len(f) == 0 {
			c.syserr("readcf: config K line: no map name")
		} else {
			c.syserr("readcf: config K line, map %s: no map class", f[0])
		}
		return
	}
	spec, err := maps.ParseKLine(s)
	if err != nil {
		c.syserr("readcf: %v", err)
		return
	}
	switch spec.Class {
	case "hash", "btree", "cdb", "implicit", "text", "stab", "regex", "sequence", "switch",
		"user", "host", "dns", "bestmx", "arith", "macro", "dequote", "program", "syslog",
		"socket", "arpa", "null", "nis", "ldap", "dbm":
	default:
		c.syserr("readcf: map %s: class %s not available", spec.Name, spec.Class)
		return
	}
	c.mapSpec[spec.Name] = spec
	c.mapOrder = append(c.mapOrder, spec.Name)
}
