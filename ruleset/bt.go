package ruleset

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// Test-mode address flags (/tryflags).
const (
	rfSender = 1 << iota
	rfHeader
)

// TestMode runs sendmail -bt: it reads commands from in until EOF or
// /quit and writes what sendmail writes to out.
func (c *Config) TestMode(in io.Reader, out io.Writer) {
	bw := bufio.NewWriterSize(out, 64*1024)
	defer bw.Flush()
	c.Out = bw
	c.tracing = true
	c.lineNo = 0
	bw.WriteString("ADDRESS TEST MODE (ruleset 3 NOT automatically invoked)\n")
	bw.WriteString("Enter <ruleset> <address>\n")
	br := bufio.NewReaderSize(in, 64*1024)
	for {
		bw.WriteString("> ")
		line, err := br.ReadString('\n')
		if line == "" && err != nil {
			return
		}
		line = strings.TrimSuffix(line, "\n")
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		if c.testLine(line) {
			return
		}
	}
}

// testLine runs one test-mode command; it reports /quit.
func (c *Config) testLine(line string) bool {
	if line == "" || line[0] == '#' {
		return false
	}
	line = strings.TrimLeft(line, " ")
	if line == "" {
		return false
	}
	c.steps = 0
	switch line[0] {
	case '?':
		c.printf("Sendmail %s -- HELP not implemented\n", Version)
		return false
	case '.':
		c.btDot(line)
		return false
	case '=':
		c.btEquals(line)
		return false
	case '-':
		if len(line) > 1 && line[1] == 'd' {
			c.SetDebug(strings.TrimRight(line[2:], " \t\r\n"))
		}
		return false
	case '$':
		c.btDollar(line)
		return false
	case '/':
		return c.btSlash(line)
	}
	p := 0
	for p < len(line) && line[p] != ' ' && line[p] != '\t' && line[p] != '\n' {
		p++
	}
	if p >= len(line) {
		c.printf("No address!\n")
		return false
	}
	list := line[:p]
	addr := line[p+1:]
	if bad, shown := eightBit(addr); bad {
		c.printf("8-bit character in mailbox address \"%s\"\n", shown)
		return false
	}
	for {
		toks, n, errs := prescan(addr, ',', c.addrTab, nil)
		if len(errs) > 0 {
			c.usrerrAddr(addr, errs)
		}
		if len(toks) > 0 {
			rest := list
			for rest != "" {
				rs, ok := c.findRulesetList(rest)
				if !ok {
					c.printf("Undefined ruleset %s\n", rest)
					break
				}
				var st int
				toks, st = c.rewrite(toks, rs, 0, maxAtom)
				if st != exOK {
					c.printf("== Ruleset %s (%d) status %d\n", rest, rs, st)
				}
				k := strings.IndexByte(rest, ',')
				if k < 0 {
					break
				}
				rest = rest[k+1:]
			}
		}
		if n >= len(addr) {
			break
		}
		addr = addr[n:]
	}
	return false
}

// findRulesetList resolves the ruleset at the start of a "3,0" list.
func (c *Config) findRulesetList(s string) (int, bool) {
	rs, _ := c.strtorwset(s, false)
	return rs, rs >= 0
}

// eightBit reports 8-bit bytes in a test-mode address, and the address
// as sendmail shows it then.
func eightBit(s string) (bool, string) {
	bad := false
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			bad = true
		}
	}
	if !bad {
		return false, ""
	}
	return true, sanitize(s)
}

// usrerrAddr prints tokenizer complaints as sendmail does in test mode.
func (c *Config) usrerrAddr(addr string, errs []string) {
	for _, e := range errs {
		c.printf("%s... %s\n", addr, e)
	}
}

func (c *Config) btDot(line string) {
	if len(line) < 2 {
		c.printf("Usage: .[DC]macro value(s)\n")
		return
	}
	switch line[1] {
	case 'D':
		name, rest, ok := c.testMacid(line[2:])
		if !ok {
			return
		}
		c.macros[name] = translate(rest)
	case 'C':
		if len(line) == 2 {
			return
		}
		name, rest, ok := c.testMacid(line[2:])
		if !ok {
			return
		}
		for _, w := range strings.Fields(c.expand(translate(rest))) {
			c.AddClass(name, w)
		}
	default:
		c.printf("Unknown \".\" command %s\n", line)
	}
}

// testMacid parses a macro name in test mode (errors without file/line).
func (c *Config) testMacid(s string) (string, string, bool) {
	save := c.lineNo
	c.lineNo = 0
	name, rest, ok := c.macidParse(s)
	c.lineNo = save
	return name, rest, ok
}

func (c *Config) btEquals(line string) {
	if len(line) < 2 {
		c.printf("Usage: =Sruleset or =M\n")
		return
	}
	switch line[1] {
	case 'S':
		rs, _ := c.strtorwset(line[2:], false)
		if rs < 0 {
			c.printf("Undefined ruleset %s\n", line[2:])
			return
		}
		set := c.RWSets[rs]
		if set == nil {
			return
		}
		var b strings.Builder
		for _, r := range set.Rules {
			b.WriteByte('R')
			for _, t := range r.LHS {
				xputs(&b, t)
				b.WriteByte(' ')
			}
			b.WriteString("\t\t")
			for _, t := range r.RHS {
				xputs(&b, t)
				b.WriteByte(' ')
			}
			b.WriteByte('\n')
		}
		c.printf("%s", b.String())
	case 'M':
		var b strings.Builder
		for _, m := range c.Mailers {
			c.printMailer(&b, m)
		}
		c.printf("%s", b.String())
	default:
		c.printf("Unknown \"=\" command %s\n", line)
	}
}

func (c *Config) btDollar(line string) {
	if len(line) > 1 && line[1] == '=' {
		name, _, ok := c.testMacid(line[2:])
		if !ok {
			return
		}
		for _, w := range c.ClassWords(name) {
			c.printf("%s\n", w)
		}
		return
	}
	name, _, ok := c.testMacid(line[1:])
	if !ok {
		return
	}
	v, def := c.macros[name]
	if !def {
		c.printf("Undefined\n")
		return
	}
	var b strings.Builder
	xputs(&b, v)
	c.printf("%s\n", b.String())
}

func (c *Config) btSlash(line string) bool {
	line = strings.TrimRight(line, " \t")
	cmd := line
	arg := ""
	if i := strings.IndexAny(line, " \t"); i >= 0 {
		cmd = line[:i]
		arg = strings.TrimLeft(line[i:], " \t")
	}
	if len(cmd) == 1 {
		c.printf("Usage: /[canon|map|mx|parse|try|tryflags]\n")
		return false
	}
	switch strings.ToLower(cmd[1:]) {
	case "quit":
		return true
	case "mx":
		if arg == "" {
			c.printf("Usage: /mx address\n")
			return false
		}
		c.printf("getmxrr(%s) returns 0 value(s):\n", arg)
	case "canon":
		if arg == "" {
			c.printf("Usage: /canon address\n")
			return false
		}
		h, _ := c.getcanonname(arg)
		c.printf("getcanonname(%s) returns %s\n", arg, h)
	case "map":
		if arg == "" {
			c.printf("Usage: /map mapname key\n")
			return false
		}
		i := strings.IndexAny(arg, " \t")
		if i < 0 {
			c.printf("No key specified\n")
			return false
		}
		name, key := arg[:i], arg[i+1:]
		spec := c.mapSpec[name]
		if spec == nil {
			c.printf("Map named \"%s\" not found\n", name)
			return false
		}
		if c.mapOpen[name] == nil && spec.Class != "host" && spec.Class != "arith" && !spec.Optional {
			c.printf("Map named \"%s\" not open\n", name)
			return false
		}
		c.printf("map_lookup: %s (%s) ", name, key)
		v, ok, st := c.mapLookup(name, key, nil)
		if !ok {
			c.printf("no match (%d)\n", st)
		} else {
			c.printf("returns %s (%d)\n", v, st)
		}
	case "try":
		i := strings.IndexAny(arg, " \t")
		if i < 0 || strings.TrimLeft(arg[i:], " \t") == "" {
			c.printf("Usage: /try mailer address\n")
			return false
		}
		mname, addr := arg[:i], strings.TrimLeft(arg[i:], " \t")
		m := c.mailerN[strings.ToLower(mname)]
		if m == nil {
			c.printf("Unknown mailer %s\n", mname)
			return false
		}
		c.printf("Trying %s %s address %s for mailer %s\n", c.hdrWord(), c.sndWord(), addr, mname)
		out, rcode := c.remotename(addr, m, c.tryFlags)
		c.printf("Rcode = %d, addr = %s\n", rcode, out)
	case "tryflags":
		if arg == "" {
			c.printf("Usage: /tryflags [Hh|Ee][Ss|Rr]\n")
			return false
		}
		for i := 0; i < len(arg); i++ {
			switch arg[i] {
			case 'H', 'h':
				c.tryFlags |= rfHeader
			case 'E', 'e':
				c.tryFlags &^= rfHeader
			case 'S', 's':
				c.tryFlags |= rfSender
			case 'R', 'r':
				c.tryFlags &^= rfSender
			}
		}
		c.macros["addr_type"] = c.addrType()
	case "parse":
		if arg == "" {
			c.printf("Usage: /parse address\n")
			return false
		}
		var b strings.Builder
		xputs(&b, crackaddr(arg))
		c.printf("Cracked address = %s\n", b.String())
		c.printf("Parsing %s %s address\n", c.hdrWord(), c.sndWord())
		a, ok := c.parseaddr(arg, c.tryFlags)
		if !ok {
			c.printf("Cannot parse\n")
		} else if a.host != "" {
			c.printf("mailer %s, host %s, user %s\n", a.mailer, a.host, a.user)
		} else {
			c.printf("mailer %s, user %s\n", a.mailer, a.user)
		}
	default:
		c.printf("Unknown \"/\" command %s\n", line)
	}
	return false
}

func (c *Config) hdrWord() string {
	if c.tryFlags&rfHeader != 0 {
		return "header"
	}
	return "envelope"
}

func (c *Config) sndWord() string {
	if c.tryFlags&rfSender != 0 {
		return "sender"
	}
	return "recipient"
}

func (c *Config) addrType() string {
	b := []byte("e r")
	if c.tryFlags&rfHeader != 0 {
		b[0] = 'h'
	}
	if c.tryFlags&rfSender != 0 {
		b[2] = 's'
	}
	return string(b)
}

var _ = strconv.Itoa
