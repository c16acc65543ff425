package ruleset

import (
	"strconv"
	"strings"

	"github.com/gosendmail/gosendmail/maps"
)

// makeMailer parses an M line (without the M).
func (c *Config) makeMailer(line string) {
	p := 0
	for p < len(line) && line[p] != ',' && line[p] != ' ' && line[p] != '\t' {
		p++
	}
	name := line[:p]
	if p < len(line) {
		p++
	}
	if name == "" {
		c.syserr("name required for mailer")
		return
	}
	m := &Mailer{Name: name, UID: -1, GID: -1, MaxRcpt: 100}
	rest := line[p:]
	for {
		rest = strings.TrimLeft(rest, ", \t\n")
		if rest == "" {
			break
		}
		fcode := rest[0]
		k := strings.IndexAny(rest, "=,")
		if k < 0 || rest[k] != '=' {
			c.syserr("mailer %s: `=' expected", name)
			return
		}
		rest = strings.TrimLeft(rest[k+1:], " \t\n")
		val, n := munch(rest, ',')
		rest = rest[n:]
		switch fcode {
		case 'P':
			if val != "" {
				m.Path = val
			}
		case 'F':
			for i := 0; i < len(val); i++ {
				if val[i] != ' ' && val[i] != '\t' && val[i] < 128 {
					m.Flags[val[i]] = true
				}
			}
		case 'E':
			if val == "" {
				c.syserr("mailer %s: null end-of-line string", name)
			} else {
				m.EOL = val
			}
		case 'A':
			if val != "" {
				m.Argv = strings.Fields(val)
			}
		case 'M':
			m.MaxSize = maps.Atol(val)
		case 'm':
			m.MaxMsgs = int(maps.Atol(val))
		case 'r':
			m.MaxRcpt = int(maps.Atol(val))
		case 'L':
			m.LineLimit = int(maps.Atol(val))
			if m.LineLimit < 0 {
				m.LineLimit = 0
			}
		case 'N':
			m.Nice = int(maps.Atol(val))
			m.hasNice = true
		case 'D':
			if val == "" {
				c.syserr("mailer %s: null working directory", name)
			} else {
				m.ExecDir = val
			}
		case 'C':
			if val == "" {
				c.syserr("mailer %s: null charset", name)
			} else {
				m.Charset = val
			}
		case 'Q':
			if val == "" {
				c.syserr("mailer %s: null queue", name)
			} else {
				m.QGroup = val
			}
		case 'T':
			parts := strings.SplitN(val, "/", 3)
			m.MTAType, m.AddrType, m.Diag = "dns", "rfc822", "smtp"
			if parts[0] != "" {
				m.MTAType = parts[0]
			}
			if len(parts) > 1 && parts[1] != "" {
				m.AddrType = parts[1]
			}
			if len(parts) > 2 && parts[2] != "" {
				m.Diag = parts[2]
			}
		case 'U':
			c.mailerUser(m, val)
		case 'W':
			m.Wait = convtime(val, 's')
			m.hasWait = true
		case '/':
			if val == "" {
				c.syserr("mailer %s: null root directory", name)
			}
		case 'S', 'R':
			i, after := c.strtorwset(val, true)
			if i < 0 {
				return
			}
			if fcode == 'S' {
				m.SEnv, m.SHdr = i, i
			} else {
				m.REnv, m.RHdr = i, i
			}
			if strings.HasPrefix(after, "/") {
				j, _ := c.strtorwset(after[1:], true)
				if j < 0 {
					return
				}
				if fcode == 'S' {
					m.SHdr = j
				} else {
					m.RHdr = j
				}
			}
		default:
			c.syserr("M%s: unknown mailer equate %c=", name, fcode)
		}
	}
	if m.Argv == nil {
		c.syserr("M%s: A= argument required", name)
		return
	}
	if m.Path == "" {
		c.syserr("M%s: P= argument required", name)
		return
	}
	if m.MaxRcpt <= 0 {
		c.syserr("M%s: invalid r= (maximum recipients) value %d", name, m.MaxRcpt)
		m.MaxRcpt = 1
	}
	if name == "prog" {
		// the prog mailer never takes several users at once
		m.Flags['m'] = false
	}
	if m.Flags['L'] && m.LineLimit == 0 {
		m.LineLimit = 990
	}
	switch m.Path {
	case "[TCP]":
		c.syserr("M%s: P=[TCP] must be replaced by P=[IPC]", name)
		return
	case "[IPC]":
		if len(m.Argv) < 2 || m.Argv[1] == "" {
			c.syserr("M%s: too few parameters for %s mailer", name, m.Path)
			return
		}
		if m.Argv[0] != "TCP" && m.Argv[0] != "FILE" {
			c.printf("M%s: Warning: first argument in %s mailer must be %s\n", name, m.Path, "TCP or FILE")
		}
		if m.MTAType == "" {
			m.MTAType = "dns"
		}
		if m.AddrType == "" {
			m.AddrType = "rfc822"
		}
		if m.Diag == "" {
			if m.Argv[0] == "FILE" {
				m.Diag = "x-unix"
			} else {
				m.Diag = "smtp"
			}
		}
	case "[FILE]":
		if len(m.Argv) != 2 {
			w := "many"
			if len(m.Argv) < 2 {
				w = "few"
			}
			c.syserr("M%s: too %s parameters for [FILE] mailer", name, w)
			return
		}
		if m.Argv[0] != "FILE" {
			c.syserr("M%s: first argument in [FILE] mailer must be FILE", name)
			return
		}
	}
	if m.EOL == "" {
		m.EOL = "\r\n"
		for _, a := range m.Argv {
			if strings.Contains(a, "\x81u") {
				m.EOL = "\n"
				break
			}
		}
	}
	if old := c.mailerN[strings.ToLower(name)]; old != nil {
		m.Num = old.Num
		c.Mailers[m.Num] = m
	} else {
		m.Num = len(c.Mailers)
		c.Mailers = append(c.Mailers, m)
	}
	c.mailerN[strings.ToLower(name)] = m
}

func (c *Config) mailerUser(m *Mailer, p string) {
	if p != "" && (p[0] < '0' || p[0] > '9') {
		j := 0
		for j < len(p) && (isAlnum(p[j]) || p[j] == '-' || p[j] == '_') {
			j++
		}
		q := p[:j]
		p = strings.TrimLeft(p[j:], " \t")
		if p != "" {
			p = p[1:]
		}
		if q == "" {
			c.syserr("mailer %s: null user name", m.Name)
			return
		}
		uid, gid, ok := userLookup(q)
		if !ok {
			c.syserr("readcf: mailer U= flag: unknown user %s", q)
			return
		}
		m.UID, m.GID = uid, gid
	} else {
		j := 0
		for j < len(p) && p[j] >= '0' && p[j] <= '9' {
			j++
		}
		m.UID = int(maps.Atol(p[:j]))
		p = strings.TrimLeft(p[j:], " \t")
		if p != "" {
			p = p[1:]
		}
	}
	p = strings.TrimLeft(p, " \t")
	if p == "" {
		return
	}
	if p[0] < '0' || p[0] > '9' {
		j := 0
		for j < len(p) && (isAlnum(p[j]) || p[j] == '-' || p[j] == '_' || p[j] == '.') {
			j++
		}
		q := p[:j]
		if q == "" {
			c.syserr("mailer %s: null group name", m.Name)
			return
		}
		gid, ok := groupLookup(q)
		if !ok {
			c.syserr("readcf: mailer U= flag: unknown group %s", q)
			return
		}
		m.GID = gid
	} else {
		m.GID = int(maps.Atol(p))
	}
}

func isAlnum(ch byte) bool {
	return ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9'
}

// convtime converts a time interval ("1h30m", "5") to seconds.
func convtime(s string, units byte) int64 {
	var total int64
	for s != "" {
		j := 0
		neg := false
		if s[0] == '-' {
			neg = true
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		n, _ := strconv.ParseInt(s[j:k], 10, 64)
		if neg {
			n = -n
		}
		u := units
		if k < len(s) {
			u = s[k]
			k++
		}
		switch u {
		case 'w':
			n *= 7 * 24 * 3600
		case 'd':
			n *= 24 * 3600
		case 'h':
			n *= 3600
		case 'm':
			n *= 60
		}
		total += n
		s = s[k:]
	}
	return total
}

// printMailer renders a mailer as =M prints it.
func (c *Config) printMailer(b *strings.Builder, m *Mailer) {
	b.WriteString("mailer ")
	b.WriteString(strconv.Itoa(m.Num))
	b.WriteString(" (")
	b.WriteString(m.Name)
	b.WriteString("): P=")
	b.WriteString(m.Path)
	b.WriteString(" S=")
	b.WriteString(c.rulesetName(m.SEnv))
	b.WriteByte('/')
	b.WriteString(c.rulesetName(m.SHdr))
	b.WriteString(" R=")
	b.WriteString(c.rulesetName(m.REnv))
	b.WriteByte('/')
	b.WriteString(c.rulesetName(m.RHdr))
	b.WriteString(" M=")
	b.WriteString(strconv.FormatInt(m.MaxSize, 10))
	b.WriteString(" U=")
	b.WriteString(strconv.Itoa(m.UID))
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(m.GID))
	b.WriteString(" F=")
	for i := 0; i < 128; i++ {
		if m.Flags[i] {
			b.WriteByte(byte(i))
		}
	}
	b.WriteString(" L=")
	b.WriteString(strconv.Itoa(m.LineLimit))
	b.WriteString(" E=")
	xputs(b, m.EOL)
	if m.Charset != "" {
		b.WriteString(" C=")
		b.WriteString(m.Charset)
	}
	b.WriteString(" T=")
	for i, t := range []string{m.MTAType, m.AddrType, m.Diag} {
		if i > 0 {
			b.WriteByte('/')
		}
		if t == "" {
			t = "<undefined>"
		}
		b.WriteString(t)
	}
	b.WriteString(" r=")
	b.WriteString(strconv.Itoa(m.MaxRcpt))
	b.WriteString(" A=")
	for i, a := range m.Argv {
		if i > 0 {
			b.WriteByte(' ')
		}
		xputs(b, a)
	}
	b.WriteByte('\n')
}
