package ruleset

import (
	"errors"
	"os"
	"strings"
	"unsafe"
)

// Exit statuses (sysexits) the engine returns.
const (
	exOK       = 0
	exUsage    = 64
	exDataErr  = 65
	exUnavail  = 69
	exSoftware = 70
	exTempFail = 75
	exConfig   = 78
)

const (
	maxAtom          = 1000 // tokens in an address
	maxRuleRecursion = 50
	maxSubr          = 16
	maxMapArgs       = 10
)

type match struct{ pat, first, last int }

// Rewrite runs the address tokens through ruleset rs and returns the
// result and a sysexits status.
func (c *Config) Rewrite(toks []string, rs int) ([]string, int) {
	return c.rewrite(toks, rs, 0, maxAtom)
}

func (c *Config) trace(ruleset int, what string, toks []string) {
	if !c.tracing || c.Out == nil {
		return
	}
	name := c.rulesetName(ruleset)
	buf := c.traceBuf[:0]
	if len(name) > 16 {
		name = name[:16]
	}
	buf = append(buf, name...)
	for i := len(name); i < 16; i++ {
		buf = append(buf, ' ')
	}
	buf = append(buf, what...)
	for _, t := range toks {
		buf = append(buf, ' ')
		if plainToken(t) {
			buf = append(buf, t...)
			continue
		}
		var b strings.Builder
		xputs(&b, t)
		buf = append(buf, b.String()...)
	}
	buf = append(buf, '\n')
	c.Out.Write(buf)
	c.traceBuf = buf
}

// plainToken tells whether a token prints as itself.
func plainToken(t string) bool {
	for i := 0; i < len(t); i++ {
		if t[i] < 0x20 || t[i] >= 0x7f {
			return false
		}
	}
	return true
}

func (c *Config) rewrite(pvp []string, ruleset, reclevel, maxatom int) ([]string, int) {
	if ruleset < 0 || ruleset >= maxRWSets {
		c.syserr("554 5.3.5 rewrite: illegal ruleset number %d", ruleset)
		return pvp, exConfig
	}
	c.trace(ruleset, "   input:", pvp)
	if reclevel > maxRuleRecursion {
		c.syserr("rewrite: excessive recursion (max %d), ruleset %s", maxRuleRecursion, c.rulesetName(ruleset))
		return pvp, exConfig
	}
	reclevel++
	var rules []*Rule
	if rs := c.RWSets[ruleset]; rs != nil {
		rules = rs.Rules
	}
	rstat := exOK
	var mlist [10]match
	// The input is the caller's and is never written. Each matching
	// rule builds its result in an array from the free list (getTokens);
	// the rule's input goes back to it when this call made it, and so
	// does the array the result was built in when the lookups or calls
	// made another. The last result is the caller's.
	owned := false // pvp's array is one of this call's
	bits := firstBits(pvp)
	ruleno := 0
	loopcount := 0
	for ruleno < len(rules) {
		rwr := rules[ruleno]
		if len(pvp) > 0 && pvp[0] == "\x96" {
			break
		}
		if c.StepLimit > 0 {
			if c.steps++; c.steps > c.StepLimit {
				return pvp, exSoftware
			}
		}
		loopcount++
		if loopcount > 100 {
			c.syserr("554 5.3.5 Infinite loop in ruleset %s, rule %d", c.rulesetName(ruleset), ruleno+1)
			break
		}
		if c.dbg[21] >= 12 {
			c.dprintav("-----trying rule:", rwr.LHS)
		}
		var mlp int
		ok := false
		if len(pvp) >= rwr.minTok && rwr.litMask&^bits == 0 {
			mlp, ok = c.match(rwr.pat, pvp, &mlist)
		}
		if !ok {
			if c.dbg[21] >= 10 {
				c.dprintav("----- rule fails", nil)
			}
			ruleno++
			loopcount = 0
			continue
		}
		if c.dbg[21] >= 12 {
			c.dprintav("-----rule matches:", rwr.RHS)
		}
		// substitute
		stop := false
		switch rwr.rhsPrefix {
		case cCanonUser:
			ruleno++
			loopcount = 0
		case cCanonHost:
			stop = true
		}
		npvp := c.getTokens(len(pvp) + len(rwr.rep))
		built := npvp[:0:cap(npvp)]
		for _, r := range rwr.rep {
			switch r.kind {
			case rRepl:
				if r.n < 0 || r.n >= mlp {
					c.syserr("554 5.3.5 rewrite: ruleset %s: replacement $%c out of bounds", c.rulesetName(ruleset), byte('1'+r.n))
					return pvp, exConfig
				}
				m := mlist[r.n]
				npvp = append(npvp, pvp[m.first:m.last+1]...)
			case rDMacro:
				v, ok := c.macros[r.tok]
				if c.dbg[21] >= 2 {
					shown := "(NULL)"
					if ok {
						shown = v
					}
					// sendmail prints the name in braces even when it is one character
					c.printf("rewrite: RHS $&{%s} => \"%s\"\n", r.tok, shown)
				}
				if !ok || v == "" {
					continue
				}
				x, _, errs := prescan(v, 0, c.extTab, nil)
				if len(errs) > 0 {
					c.usrerrAddr(v, errs)
				}
				npvp = append(npvp, x...)
			default:
				npvp = append(npvp, r.tok)
			}
			if len(npvp) >= maxatom {
				c.syserr("554 5.3.0 rewrite: expansion too long")
				return pvp, exDataErr
			}
		}
		// map and host lookups, then subroutine calls: each pass is
		// skipped when no token of the result can start one (the result
		// has the RHS's tokens and pvp's, or any after $&x or a lookup)
		lookup := rwr.hasLookup || rwr.hasDMacro || bits&lookupBits != 0
		if lookup {
			var st int
			npvp, st = c.lookups(npvp, maxatom)
			if st == exDataErr {
				return pvp, st
			}
			if st != exOK && (rstat == exOK || st == exTempFail) {
				rstat = st
			}
		}
		if lookup || rwr.hasCall || bits&callBit != 0 {
			var status int
			npvp, status = c.callsubr(npvp, reclevel)
			if rstat == exOK || status == exTempFail {
				rstat = status
			}
		}
		if owned {
			c.putTokens(pvp)
		}
		if cap(npvp) == 0 || unsafe.SliceData(npvp) != unsafe.SliceData(built) {
			c.putTokens(built)
		}
		pvp, owned = npvp, true
		bits = firstBits(pvp)
		if c.dbg[21] >= 4 {
			c.dprintav("rewritten as:", pvp)
		}
		if debugRules {
			c.trace(ruleset, "  rule "+itoa(ruleno)+":", pvp)
		}
		if stop {
			break
		}
	}
	c.trace(ruleset, " returns:", pvp)
	return pvp, rstat
}

// Token arrays. The engine runs one rewrite at a time (its callers hold
// the MTA's lock), and the arrays a rewrite is done with go back to a
// small free list on the Config for the next ones: an SMTP message goes
// through some hundred rule matches, each once an allocation.
const (
	maxPooledTokens = 64  // arrays kept
	maxPooledCap    = 256 // the largest kept
)

// getTokens returns an empty token array of capacity need at least.
func (c *Config) getTokens(need int) []string {
	if n := len(c.tokPool); n > 0 && cap(c.tokPool[n-1]) >= need {
		t := c.tokPool[n-1]
		c.tokPool = c.tokPool[:n-1]
		return t
	}
	return make([]string, 0, max(need, 16))
}

// putTokens takes back an array nothing refers to any more.
func (c *Config) putTokens(t []string) {
	if c.noTokPool || cap(t) == 0 || cap(t) > maxPooledCap || len(c.tokPool) >= maxPooledTokens {
		return
	}
	t = t[:cap(t)]
	clear(t) // (no string is kept alive by the pool)
	c.tokPool = append(c.tokPool, t[:0])
}

// the firstBits of the tokens that open a lookup ($( $[) and a call ($>)
var (
	lookupBits = firstBit("\x85") | firstBit("\x9d")
	callBit    = firstBit("\x99")
)

// match runs sendmail's LHS matcher; it returns the number of bound
// wildcards.
func (c *Config) match(pat []pat, pvp []string, mlist *[10]match) (int, bool) {
	mlp := 0
	avp, rvp := 0, 0
	n, np := len(pvp), len(pat)
	for avp < n || rvp < np {
		if rvp >= np {
			goto backup
		}
		{
			rp := &pat[rvp]
			if avp >= n && rp.kind != pZany && rp.kind != pZero {
				return 0, false
			}
			switch rp.kind {
			case pClass:
				mlist[mlp] = match{pat: rvp, first: avp}
				goto extendclass
			case pNClass:
				if c.inClassID(rp.id, pvp[avp]) {
					goto backup
				}
				mlist[mlp] = match{rvp, avp, avp}
				avp++
				mlp++
			case pOne, pAny:
				mlist[mlp] = match{rvp, avp, avp}
				avp++
				mlp++
			case pZany:
				mlist[mlp] = match{rvp, avp, avp - 1}
				mlp++
			case pZero:
			case pDMacro:
				v, ok := c.macros[rp.lit]
				if !ok {
					break
				}
				first := avp
				for v != "" {
					if avp >= n || !hasPrefixFold(v, pvp[avp]) {
						avp = first
						goto backup
					}
					v = v[len(pvp[avp]):]
					avp++
				}
			default:
				if !eqFold(rp.lit, pvp[avp]) {
					goto backup
				}
				avp++
			}
			rvp++
			continue
		}
	extendclass:
		{
			m := &mlist[mlp]
			buf := c.classBuf[:0]
			for _, t := range pvp[m.first:avp] {
				buf = appendLower(buf, t)
			}
			id := pat[m.pat].id
			longest := c.classMaxLen(id)
			for {
				if avp >= n || len(buf) > longest {
					// (the run only grows: no longer one is in the class)
					c.classBuf = buf
					goto backup
				}
				m.last = avp
				buf = appendLower(buf, pvp[avp])
				avp++
				if len(buf) > longest {
					continue
				}
				if e := c.words[string(buf)]; e != nil && e.has(id) {
					break
				}
			}
			c.classBuf = buf
			mlp++
			rvp++
			continue
		}
	backup:
		if c.StepLimit > 0 {
			if c.steps++; c.steps > c.StepLimit {
				return 0, false
			}
		}
		for {
			mlp--
			if mlp < 0 {
				return 0, false
			}
			m := &mlist[mlp]
			rvp = m.pat
			avp = m.last + 1
			if avp >= n {
				continue
			}
			k := pat[rvp].kind
			if k == pAny || k == pZany {
				m.last = avp
				avp++
				rvp++
				mlp++
				break
			}
			if k == pClass {
				goto extendclass
			}
		}
	}
	return mlp, true
}

// appendLower appends t folded to lower case (ASCII).
func appendLower(b []byte, t string) []byte {
	for i := 0; i < len(t); i++ {
		ch := t[i]
		if 'A' <= ch && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		b = append(b, ch)
	}
	return b
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && eqFold(s[:len(prefix)], prefix)
}

// callsubr performs the $>set calls of a rewritten address, the last
// first.
func (c *Config) callsubr(pvp []string, reclevel int) ([]string, int) {
	var idx [maxSubr + 1]int
	var num [maxSubr + 1]int
	nsubr := 0
	for j := 0; j < len(pvp); j++ {
		if pvp[j] != "\x99" || j+1 >= len(pvp) {
			continue
		}
		name := stripQuotes(pvp[j+1])
		subr, known := c.byName[name] // a name as the .cf spells it
		if !known {
			subr, _ = c.strtorwset(name, false)
		}
		if subr < 0 {
			c.syserr("callsubr: unknown ruleset %s", name)
			return pvp, exConfig
		}
		if c.RWSets[subr] == nil || len(c.RWSets[subr].Rules) == 0 {
			if c.dbg[21] >= 3 {
				c.printf("-----skip subr %s (%d)\n", name, subr)
			}
			// sendmail shifts the rest down and goes on with the
			// next position, so a call right after a skipped one is
			// not made (it stays in the result as text)
			pvp = append(pvp[:j], pvp[j+2:]...)
			continue
		}
		nsubr++
		if nsubr >= maxSubr {
			c.syserr("callsubr: too many subroutine calls (%d max)", maxSubr)
			return pvp, exConfig
		}
		num[nsubr] = subr
		idx[nsubr] = j
	}
	rstat := exOK
	for ; nsubr > 0; nsubr-- {
		j := idx[nsubr]
		// pvp is the calling rule's result, which nothing else refers
		// to: the call's result takes the place of the call in it
		// (rewrite does not write into its input; out may be that
		// input, or a part of it, and copy moves overlapping runs)
		out, status := c.rewrite(pvp[j+2:], num[nsubr], reclevel, maxAtom-j)
		// out is the call's own array, or its input: a part of pvp's,
		// which ends where pvp's does
		own := cap(out) > 0 && &out[:cap(out)][cap(out)-1] != &pvp[:cap(pvp)][cap(pvp)-1]
		if n := j + len(out); n <= cap(pvp) {
			pvp = pvp[:n]
			copy(pvp[j:], out)
		} else {
			pvp = append(pvp[:j:j], out...)
		}
		if own {
			c.putTokens(out)
		}
		if status != exOK && status != exTempFail {
			return pvp, status
		}
		if rstat == exOK || status == exTempFail {
			rstat = status
		}
	}
	return pvp, rstat
}

// stripQuotes removes unescaped double quotes and backslashes before
// quotes, as sendmail's stripquotes does.
func stripQuotes(s string) string {
	if strings.IndexByte(s, '"') < 0 && strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	bs := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if bs {
			bs = false
			b.WriteByte(ch)
			continue
		}
		if ch == '\\' {
			bs = true
			b.WriteByte(ch)
			continue
		}
		if ch == '"' {
			continue
		}
		b.WriteByte(ch)
	}
	return b.String()
}

// cataddr concatenates tokens; sub (if not 0) goes between two atoms.
func (c *Config) cataddr(toks []string, sub byte) string {
	var b strings.Builder
	oatom := false
	for _, t := range toks {
		natom := t != "" && c.addrTab[t[0]] == tATM && t[0] < 0x80
		if oatom && natom && sub != 0 {
			b.WriteByte(sub)
		}
		b.WriteString(t)
		oatom = natom
	}
	return b.String()
}

// lookups performs $[ $] and $( $) lookups in a rewritten address.
func (c *Config) lookups(npvp []string, maxatom int) ([]string, int) {
	rstat := exOK
	for i := 0; i < len(npvp); i++ {
		t := npvp[i]
		var endtok string
		var mapname string
		start := i
		j := i + 1
		if t == "\x9d" {
			endtok = "\x9e"
			mapname = "host"
		} else if t == "\x85" {
			endtok = "\x86"
			if j >= len(npvp) {
				c.syserr("554 5.3.0 rewrite: missing mapname")
				return npvp, exDataErr
			}
			mapname = npvp[j]
			j++
		} else {
			continue
		}
		keyStart := j
		keyEnd := -1
		var args []string
		var deflt []string
		hasDefault := false
		cur := -1 // start of the current $@ argument
		curKind := byte(0)
		for j < len(npvp) && npvp[j] != endtok {
			x := npvp[j]
			if x != "\x97" && x != "\x98" {
				j++
				continue
			}
			if keyEnd < 0 {
				keyEnd = j
			}
			if cur >= 0 {
				if curKind == cCanonHost {
					args = append(args, c.cataddr(npvp[cur:j], 0))
				} else {
					deflt = npvp[cur:j]
				}
			}
			cur = j + 1
			curKind = x[0]
			if x == "\x98" {
				hasDefault = true
			}
			j++
		}
		if keyEnd < 0 {
			keyEnd = j
		}
		if cur >= 0 {
			if curKind == cCanonHost {
				args = append(args, c.cataddr(npvp[cur:j], 0))
			} else {
				deflt = npvp[cur:j]
			}
		}
		end := j // index of the end token (or len)
		rest := []string{}
		if end < len(npvp) {
			rest = npvp[end+1:]
		}
		key := npvp[keyStart:keyEnd]
		var sub byte
		spec, known := c.mapSpec[mapname]
		if mapname == "host" && !known {
			known = true
		}
		if !known {
			c.syserr("554 5.3.0 rewrite: map %s not found", mapname)
		}
		if spec != nil {
			sub = c.spaceSub(spec)
		}
		keyStr := c.cataddr(key, sub)
		var repl string
		found := false
		external := false
		if known {
			v, ok, st := c.mapLookup(mapname, keyStr, args)
			if st == exTempFail && !spec.NoDefer {
				rstat = st
			}
			repl, found, external = v, ok, ok
		}
		if !found && hasDefault {
			repl = c.cataddr(deflt, 0)
			found = true
		}
		var xpvp []string
		switch {
		case !found:
			xpvp = key
		case repl == "":
			xpvp = nil
		default:
			tab := c.cfTab
			if external {
				tab = c.extTab
			}
			var errs []string
			xpvp, _, errs = prescan(repl, 0, tab, cfArg)
			if len(errs) > 0 {
				c.usrerrAddr(repl, errs)
				return npvp, exDataErr
			}
		}
		out := make([]string, 0, start+len(xpvp)+len(rest))
		out = append(out, npvp[:start]...)
		out = append(out, xpvp...)
		i = len(out) - 1
		out = append(out, rest...)
		if len(out) >= maxatom {
			c.syserr("554 5.3.0 rewrite: expansion too long")
			return npvp, exDataErr
		}
		npvp = out
	}
	return npvp, rstat
}

var debugRules = os.Getenv("GOSENDMAIL_DEBUG_RULES") != ""

var errNoMap = errors.New("no such map")
