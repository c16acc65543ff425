package ruleset

import "strings"

// sendmail's debug flags (-dX.Y): 100 categories, each with a level. The
// engine honours category 21 (rewriting):
//
//	21.2   deferred macros ($&x) as they are expanded in a RHS
//	21.3   subroutine calls skipped because the ruleset is empty
//	21.4   "rewritten as:" after every rule that matched
//	21.10  "----- rule fails"
//	21.12  "-----trying rule:" with the LHS, "-----rule matches:" with the RHS
//
// Higher levels print what sendmail prints at 21.12; sendmail adds rule
// line numbers and memory addresses there, which cannot be reproduced.

// SetDebug applies a -d argument: a comma-separated list of X, X.Y, X-Z or
// X-Z.Y; an empty argument means every category at level 1.
func (c *Config) SetDebug(spec string) {
	if spec == "" {
		spec = "0-99.1"
	}
	for _, part := range strings.Split(spec, ",") {
		lo, hi, lvl := 0, 99, 1
		cats, level, hasLevel := strings.Cut(part, ".")
		if hasLevel {
			lvl = atoiPrefix(level)
		}
		if cats != "" {
			a, b, isRange := strings.Cut(cats, "-")
			lo = atoiPrefix(a)
			hi = lo
			if isRange {
				hi = 99
				if b != "" {
					hi = atoiPrefix(b)
				}
			}
		}
		if lvl > 255 {
			lvl = 255
		}
		for i := lo; i <= hi && i < len(c.dbg); i++ {
			if i >= 0 {
				c.dbg[i] = uint8(lvl)
			}
		}
	}
}

func atoiPrefix(s string) int {
	n := 0
	for i := 0; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if n < 1<<20 {
			n = n*10 + int(s[i]-'0')
		}
	}
	return n
}

// tTd reports whether debug category cat is at level lvl or above.
func (c *Config) tTd(cat int, lvl uint8) bool { return c.dbg[cat] >= lvl }

// dprintav prints prefix and the tokens as sendmail's printav does: each
// token after a space, internal codes shown as $-sequences.
func (c *Config) dprintav(prefix string, toks []string) {
	if c.Out == nil {
		return
	}
	var b strings.Builder
	b.WriteString(prefix)
	for _, t := range toks {
		b.WriteByte(' ')
		xputs(&b, t)
	}
	b.WriteByte('\n')
	c.Out.Write([]byte(b.String()))
}

// printIdentity prints what sendmail -d0.1 shows after reading the
// configuration: the host's names.
func (c *Config) printIdentity() {
	get := func(m string) string {
		v, _ := c.Macro(m)
		var b strings.Builder
		xputs(&b, v)
		return b.String()
	}
	c.printf("\n============ SYSTEM IDENTITY (after readcf) ============\n")
	c.printf("      (short domain name) $w = %s\n", get("w"))
	c.printf("  (canonical domain name) $j = %s\n", get("j"))
	c.printf("         (subdomain name) $m = %s\n", get("m"))
	c.printf("              (node name) $k = %s\n", get("k"))
	c.printf("========================================================\n\n")
}
