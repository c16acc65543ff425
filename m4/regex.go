// The regexp and patsubst builtins, with a regular expression engine that
// follows GNU m4 1.4.19, which compiles patterns with GNU regex in the
// default (Emacs-like, RE_SYNTAX 0) syntax:
//
//   - \( \) group, \| alternates, \1..\9 refer back to a closed group;
//   - * + ? repeat (literal when nothing precedes them, e.g. at the start or
//     right after \( \| or an anchor); \+ \? \{ \} { } | ( ) are literal,
//     there are no intervals;
//   - ^ is an anchor only at the start of the pattern or right after \( or
//     \|, $ only at the end or right before \) or \|; both also match at
//     newlines inside the string;
//   - . matches any byte but newline; [...] lists with ranges, [^...],
//     [.c.] and [=c=] (single characters only; [:class:] is not recognized
//     and reads as the characters "[:cla" etc.), backslash is literal inside;
//   - \` \' buffer anchors, \b \B \< \> word boundaries, \w \W word
//     characters (alphanumerics and _), \s \S white space.
//
// Matching is leftmost-longest like GNU regex. Among the ways to match the
// longest text, sub-expressions are taken from the first one in priority
// order (earlier alternatives and longer repetitions first, an iteration that
// matches the empty string ends the loop), which agrees with GNU regex except
// for some captures of nested loops that can match the empty string.
//
// The engine works on bytes, as GNU m4 does in the C locale. It first finds
// the extent of the match with a linear-time NFA simulation, then assigns the
// sub-expressions with a memoized backtracking search; patterns with back
// references are searched by backtracking under a step budget, so no input
// can take exponential time.
package m4

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Instructions of a compiled pattern.
const (
	reOpChar    = iota // match byte c
	reOpSet            // match a byte in set
	reOpAssert         // zero-width assertion n
	reOpBackref        // match the text of group n
	reOpSave           // record the position in slot n
	reOpSplit          // try x, then y
	reOpJmp            // go to x
	reOpMark           // loop n starts an iteration here
	reOpCheck          // end of an iteration of loop n: go to x unless empty
	reOpMatch
)

// Assertions.
const (
	reBOL = iota
	reEOL
	reBufFirst
	reBufLast
	reWordFirst
	reWordLast
	reWordDelim
	reNotWordDelim
)

// reInst is one instruction.
type reInst struct {
	op   int
	c    byte
	set  *[256]bool
	n    int
	x, y int
}

// reProg is a compiled pattern, or the message of the error compiling it.
type reProg struct {
	insts   []reInst
	nsub    int // number of groups
	loops   int // number of loops needing an emptiness check
	backref bool
	err     string
}

// reCache keeps recently compiled patterns.
var reCache struct {
	sync.Mutex
	m map[string]*reProg
}

// reWarnedZero records that the \0 deprecation warning was given; GNU m4
// gives it once per process.
var reWarnedZero atomic.Bool

// reCompileCached compiles pattern, reusing a cached result.
func reCompileCached(pattern string) *reProg {
	reCache.Lock()
	defer reCache.Unlock()
	if p, ok := reCache.m[pattern]; ok {
		return p
	}
	if reCache.m == nil || len(reCache.m) >= 256 {
		reCache.m = make(map[string]*reProg)
	}
	p := reCompile(pattern)
	reCache.m[pattern] = p
	return p
}

// m4regexp implements regexp(string, regexp, [replacement]).
func m4regexp(args []string, diag func(string)) string {
	if len(args) < 2 {
		return "0" // regexp(`abc') is 0 in GNU m4
	}
	victim, pattern := numCString(args[0]), numCString(args[1])
	prog := reCompileCached(pattern)
	if prog.err != "" {
		diag("bad regular expression: `" + pattern + "': " + prog.err)
		return ""
	}
	caps := prog.search(victim, 0, len(args) > 2)
	if len(args) < 3 {
		if caps == nil {
			return "-1"
		}
		return strconv.Itoa(caps[0])
	}
	if caps == nil {
		return ""
	}
	var b strings.Builder
	prog.substitute(&b, victim, numCString(args[2]), caps, diag)
	return b.String()
}

// m4patsubst implements patsubst(string, regexp, [replacement]).
func m4patsubst(args []string, diag func(string)) string {
	if len(args) < 2 {
		if len(args) == 1 {
			return numCString(args[0]) // patsubst(`abc') is abc in GNU m4
		}
		return ""
	}
	victim, pattern := numCString(args[0]), numCString(args[1])
	repl := ""
	if len(args) > 2 {
		repl = numCString(args[2])
	}
	prog := reCompileCached(pattern)
	if prog.err != "" {
		diag("bad regular expression `" + pattern + "': " + prog.err)
		return ""
	}
	// Groups are only worth computing when the replacement uses them.
	groups := false
	for i := 0; i+1 < len(repl); i++ {
		if repl[i] == '\\' && repl[i+1] >= '1' && repl[i+1] <= '9' {
			groups = true
		}
	}
	var b strings.Builder
	for off := 0; off <= len(victim); {
		caps := prog.search(victim, off, groups)
		if caps == nil {
			b.WriteString(victim[off:])
			break
		}
		b.WriteString(victim[off:caps[0]])
		prog.substitute(&b, victim, repl, caps, diag)
		off = caps[1]
		if caps[0] == caps[1] {
			// An empty match: copy one character to make progress.
			if off < len(victim) {
				b.WriteByte(victim[off])
			}
			off++
		}
	}
	return b.String()
}

// substitute expands a replacement: \& and \0 are the match, \1..\9 the
// groups, \c is c, and a trailing backslash is dropped with a warning.
func (p *reProg) substitute(b *strings.Builder, victim, repl string, caps []int, diag func(string)) {
	for i := 0; i < len(repl); i++ {
		c := repl[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i == len(repl) {
			diag("Warning: trailing \\ ignored in replacement")
			return
		}
		c = repl[i]
		switch {
		case c == '0' || c == '&':
			if c == '0' && reWarnedZero.CompareAndSwap(false, true) {
				diag("Warning: \\0 will disappear, use \\& instead in replacements")
			}
			b.WriteString(victim[caps[0]:caps[1]])
		case c >= '1' && c <= '9':
			n := int(c - '0')
			if n > p.nsub {
				diag("Warning: sub-expression " + string(c) + " not present")
			} else if caps[2*n] >= 0 && caps[2*n+1] >= 0 {
				b.WriteString(victim[caps[2*n]:caps[2*n+1]])
			}
		default:
			b.WriteByte(c)
		}
	}
}

// Parser.

// Token kinds outside brackets.
const (
	reTokChar = iota
	reTokAny
	reTokAnchor
	reTokClass // \w \W \s \S
	reTokBackref
	reTokOpen
	reTokClose
	reTokAlt
	reTokStar
	reTokPlus
	reTokQuest
	reTokBracket
	reTokTrailingBackslash
	reTokEnd
)

// reNode is a node of the syntax tree.
type reNode struct {
	kind int // reTok... for leaves; reNodeGroup etc. otherwise
	c    byte
	set  *[256]bool
	n    int
	subs []*reNode
}

const (
	reNodeGroup = 100 + iota
	reNodeConcat
	reNodeAlt
	reNodeStar
	reNodePlus
	reNodeQuest
)

// reParser holds the state of one compilation.
type reParser struct {
	p         string
	pos       int // start of the current token
	tok       int
	tokLen    int
	c         byte
	n         int
	nsub      int
	completed uint32
	backref   bool
}

// reError is a compilation failure carrying GNU regex's message.
type reError string

// reCompile parses and compiles a pattern.
func reCompile(pattern string) (prog *reProg) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(reError)
			if !ok {
				panic(r)
			}
			prog = &reProg{err: string(e)}
		}
	}()
	ps := &reParser{p: pattern}
	ps.fetch(true)
	tree := ps.regExp(0)
	if ps.tok != reTokEnd {
		panic(reError("Unmatched ) or \\)"))
	}
	c := &reCompiler{}
	c.emit(reInst{op: reOpSave, n: 0})
	c.compile(tree)
	c.emit(reInst{op: reOpSave, n: 1})
	c.emit(reInst{op: reOpMatch})
	return &reProg{insts: c.insts, nsub: ps.nsub, loops: c.loops, backref: ps.backref}
}

// fetch reads the token at ps.pos+ps.tokLen; caretHere is true right after
// the start, \( or \|, where ^ is an anchor.
func (ps *reParser) fetch(caretHere bool) {
	ps.pos += ps.tokLen
	ps.tok, ps.tokLen, ps.c, ps.n = ps.peek(ps.pos, caretHere)
}

// reEscapes are the backslash sequences that are not ordinary characters,
// with their token and assertion kind.
var reEscapes = map[byte][2]int{'|': {reTokAlt, 0}, '(': {reTokOpen, 0}, ')': {reTokClose, 0},
	'<': {reTokAnchor, reWordFirst}, '>': {reTokAnchor, reWordLast},
	'b': {reTokAnchor, reWordDelim}, 'B': {reTokAnchor, reNotWordDelim},
	'`': {reTokAnchor, reBufFirst}, '\'': {reTokAnchor, reBufLast},
	'w': {reTokClass, 0}, 'W': {reTokClass, 0}, 's': {reTokClass, 0}, 'S': {reTokClass, 0}}

// reSpecials are the special characters, but for the anchors ^ and $.
var reSpecials = map[byte]int{'*': reTokStar, '+': reTokPlus, '?': reTokQuest,
	'[': reTokBracket, '.': reTokAny}

// peek returns the token at i without consuming it.
func (ps *reParser) peek(i int, caretHere bool) (tok, length int, c byte, n int) {
	p := ps.p
	if i >= len(p) {
		return reTokEnd, 0, 0, 0
	}
	c = p[i]
	if c == '\\' {
		if i+1 >= len(p) {
			return reTokTrailingBackslash, 1, 0, 0
		}
		c2 := p[i+1]
		if t, ok := reEscapes[c2]; ok {
			return t[0], 2, c2, t[1]
		}
		if c2 >= '1' && c2 <= '9' {
			return reTokBackref, 2, c2, int(c2 - '0')
		}
		return reTokChar, 2, c2, 0
	}
	if t, ok := reSpecials[c]; ok {
		return t, 1, c, 0
	}
	switch c {
	case '^':
		if i == 0 || caretHere {
			return reTokAnchor, 1, c, reBOL
		}
	case '$':
		if i+1 == len(p) {
			return reTokAnchor, 1, c, reEOL
		}
		if next, _, _, _ := ps.peek(i+1, false); next == reTokAlt || next == reTokClose {
			return reTokAnchor, 1, c, reEOL
		}
	}
	return reTokChar, 1, c, 0
}

// regExp parses alternatives up to the end or (when nested) a \).
func (ps *reParser) regExp(nest int) *reNode {
	var tree *reNode
	if ps.tok != reTokAlt && ps.tok != reTokEnd && !(nest > 0 && ps.tok == reTokClose) {
		tree = ps.branch(nest)
	}
	for ps.tok == reTokAlt {
		ps.fetch(true)
		var b *reNode
		if ps.tok != reTokAlt && ps.tok != reTokEnd && !(nest > 0 && ps.tok == reTokClose) {
			b = ps.branch(nest)
		}
		tree = &reNode{kind: reNodeAlt, subs: []*reNode{tree, b}}
	}
	return tree
}

// branch parses a concatenation.
func (ps *reParser) branch(nest int) *reNode {
	tree := &reNode{kind: reNodeConcat}
	tree.subs = append(tree.subs, ps.expression(nest))
	for ps.tok != reTokAlt && ps.tok != reTokEnd && (nest == 0 || ps.tok != reTokClose) {
		tree.subs = append(tree.subs, ps.expression(nest))
	}
	return tree
}

// expression parses one atom and the repetition operators after it.
func (ps *reParser) expression(nest int) *reNode {
	var tree *reNode
	switch ps.tok {
	case reTokChar, reTokStar, reTokPlus, reTokQuest:
		tree = &reNode{kind: reTokChar, c: ps.c}
	case reTokAny:
		var set [256]bool
		for i := range set {
			set[i] = i != '\n'
		}
		tree = &reNode{kind: reTokClass, set: &set}
	case reTokClass:
		var set [256]bool
		for i := range set {
			if ps.c == 'w' || ps.c == 'W' {
				set[i] = reIsWord(byte(i))
			} else {
				set[i] = numIsSpace(byte(i))
			}
			if ps.c == 'W' || ps.c == 'S' {
				set[i] = !set[i]
			}
		}
		tree = &reNode{kind: reTokClass, set: &set}
	case reTokOpen:
		tree = ps.subExp(nest)
	case reTokBracket:
		ps.pos++
		ps.tokLen = 0
		tree = &reNode{kind: reTokClass, set: ps.bracket()}
	case reTokBackref:
		if ps.completed&(1<<(ps.n-1)) == 0 {
			panic(reError("Invalid back reference"))
		}
		ps.backref = true
		tree = &reNode{kind: reTokBackref, n: ps.n}
	case reTokClose:
		panic(reError("Unmatched ) or \\)"))
	case reTokAnchor:
		tree = &reNode{kind: reTokAnchor, n: ps.n}
		ps.fetch(false)
		return tree // nothing repeats an anchor: a following * is literal
	case reTokTrailingBackslash:
		panic(reError("Trailing backslash"))
	default: // reTokAlt, reTokEnd: empty
		return nil
	}
	ps.fetch(false)
	for ps.tok == reTokStar || ps.tok == reTokPlus || ps.tok == reTokQuest {
		kind := map[int]int{reTokStar: reNodeStar, reTokPlus: reNodePlus, reTokQuest: reNodeQuest}[ps.tok]
		tree = &reNode{kind: kind, subs: []*reNode{tree}}
		ps.fetch(false)
	}
	return tree
}

// subExp parses a group after its \(.
func (ps *reParser) subExp(nest int) *reNode {
	idx := ps.nsub
	ps.nsub++
	ps.fetch(true)
	var tree *reNode
	if ps.tok != reTokClose {
		tree = ps.regExp(nest + 1)
		if ps.tok != reTokClose {
			panic(reError("Unmatched ( or \\("))
		}
	}
	if idx < 9 {
		ps.completed |= 1 << idx
	}
	return &reNode{kind: reNodeGroup, n: idx + 1, subs: []*reNode{tree}}
}

// Bracket element kinds.
const (
	reElemChar = iota
	reElemColl
	reElemEquiv
)

// bracket parses a list after its '['; ps.pos is just after the '['. On
// return the current token is the one after the closing ']'.
func (ps *reParser) bracket() *[256]bool {
	p := ps.p
	var set [256]bool
	i := ps.pos
	peek := func() (kind byte, length int) { // kind: 0 end, '[' open elem, or the byte
		if i >= len(p) {
			return 0, 0
		}
		if p[i] == '[' && i+1 < len(p) && (p[i+1] == '.' || p[i+1] == '=') {
			return '[', 2
		}
		return 1, 1
	}
	kind, length := peek()
	if kind == 0 {
		panic(reError("Invalid regular expression"))
	}
	nonMatch := false
	if p[i] == '^' {
		nonMatch = true
		i++
		if kind, length = peek(); kind == 0 {
			panic(reError("Invalid regular expression"))
		}
	}
	first := true
	// element parses one element starting at i (length bytes of token).
	element := func(length int, acceptHyphen bool) (int, byte, string) {
		start := i
		i += length
		if length == 2 {
			delim := p[start+1]
			if i >= len(p) {
				panic(reError("Unmatched [, [^, [:, [., or [="))
			}
			var name []byte
			for k := 0; ; k++ {
				if k >= 32 {
					panic(reError("Unmatched [, [^, [:, [., or [="))
				}
				ch := p[i]
				i++
				if i >= len(p) {
					panic(reError("Unmatched [, [^, [:, [., or [="))
				}
				if ch == delim && p[i] == ']' {
					break
				}
				name = append(name, ch)
			}
			i++
			if delim == '.' {
				return reElemColl, 0, string(name)
			}
			return reElemEquiv, 0, string(name)
		}
		if p[start] == '-' && !acceptHyphen {
			if i >= len(p) || p[i] != ']' {
				panic(reError("Invalid range end"))
			}
		}
		return reElemChar, p[start], ""
	}
	single := func(kind int, c byte, name string) byte {
		if kind != reElemChar {
			if len(name) != 1 {
				panic(reError("Invalid collation character"))
			}
			return name[0]
		}
		return c
	}
	for {
		sKind, sc, sName := element(length, first)
		first = false
		kind, length = peek()
		isRange := false
		var eLen int
		if sKind != reElemEquiv {
			if kind == 0 {
				panic(reError("Unmatched [, [^, [:, [., or [="))
			}
			if kind == 1 && p[i] == '-' {
				i++
				k2, l2 := peek()
				if k2 == 0 {
					panic(reError("Unmatched [, [^, [:, [., or [="))
				}
				if k2 == 1 && p[i] == ']' {
					i-- // the '-' is an ordinary character before ']'
				} else {
					isRange = true
					eLen = l2
				}
			}
		}
		if isRange {
			eKind, ec, eName := element(eLen, true)
			kind, length = peek()
			if sKind == reElemEquiv || eKind == reElemEquiv {
				panic(reError("Invalid range end"))
			}
			if (sKind == reElemColl && len(sName) > 1) || (eKind == reElemColl && len(eName) > 1) {
				panic(reError("Invalid collation character"))
			}
			lo, hi := sc, ec
			if sKind == reElemColl {
				lo = (sName + "\x00")[0]
			}
			if eKind == reElemColl {
				hi = (eName + "\x00")[0]
			}
			for ch := int(lo); ch <= int(hi); ch++ {
				set[ch] = true
			}
		} else {
			set[single(sKind, sc, sName)] = true
		}
		if kind == 0 {
			panic(reError("Unmatched [, [^, [:, [., or [="))
		}
		if kind == 1 && p[i] == ']' {
			break
		}
	}
	i++ // the ']'
	if nonMatch {
		for ch := range set {
			set[ch] = !set[ch]
		}
	}
	ps.pos = i
	ps.tokLen = 0
	return &set
}

// reIsWord reports whether c is a word character in the C locale.
func reIsWord(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// Compiler.

// reCompiler turns a syntax tree into instructions.
type reCompiler struct {
	insts []reInst
	loops int
}

func (c *reCompiler) emit(in reInst) int {
	c.insts = append(c.insts, in)
	return len(c.insts) - 1
}

// reNullable reports whether n can match the empty string.
func reNullable(n *reNode) bool {
	if n == nil {
		return true
	}
	switch n.kind {
	case reTokChar, reTokClass:
		return false
	case reNodeConcat:
		for _, s := range n.subs {
			if !reNullable(s) {
				return false
			}
		}
		return true
	case reNodeAlt:
		return reNullable(n.subs[0]) || reNullable(n.subs[1])
	case reNodeGroup, reNodePlus:
		return reNullable(n.subs[0])
	}
	return true // anchors, back references, * and ?
}

func (c *reCompiler) compile(n *reNode) {
	if n == nil {
		return
	}
	switch n.kind {
	case reTokChar:
		c.emit(reInst{op: reOpChar, c: n.c})
	case reTokClass:
		c.emit(reInst{op: reOpSet, set: n.set})
	case reTokAnchor:
		c.emit(reInst{op: reOpAssert, n: n.n})
	case reTokBackref:
		c.emit(reInst{op: reOpBackref, n: n.n})
	case reNodeGroup:
		c.emit(reInst{op: reOpSave, n: 2 * n.n})
		c.compile(n.subs[0])
		c.emit(reInst{op: reOpSave, n: 2*n.n + 1})
	case reNodeConcat:
		for _, s := range n.subs {
			c.compile(s)
		}
	case reNodeAlt:
		split := c.emit(reInst{op: reOpSplit})
		c.insts[split].x = len(c.insts)
		c.compile(n.subs[0])
		jmp := c.emit(reInst{op: reOpJmp})
		c.insts[split].y = len(c.insts)
		c.compile(n.subs[1])
		c.insts[jmp].x = len(c.insts)
	case reNodeQuest:
		split := c.emit(reInst{op: reOpSplit})
		c.insts[split].x = len(c.insts)
		c.compile(n.subs[0])
		c.insts[split].y = len(c.insts)
	case reNodePlus:
		c.compile(n.subs[0])
		c.compile(&reNode{kind: reNodeStar, subs: n.subs})
	case reNodeStar:
		split := c.emit(reInst{op: reOpSplit})
		c.insts[split].x = len(c.insts)
		if reNullable(n.subs[0]) {
			// Stop looping after an iteration that matched nothing.
			k := c.loops
			c.loops++
			c.emit(reInst{op: reOpMark, n: k})
			c.compile(n.subs[0])
			c.emit(reInst{op: reOpCheck, n: k, x: split})
		} else {
			c.compile(n.subs[0])
			c.emit(reInst{op: reOpJmp, x: split})
		}
		c.insts[split].y = len(c.insts)
	}
}

// Matcher.

// reBudget bounds the backtracking steps of one search.
const reBudget = 1 << 21

// assert evaluates a zero-width assertion at position i of s.
func reAssert(kind int, s string, i int) bool {
	before := i > 0 && reIsWord(s[i-1])
	after := i < len(s) && reIsWord(s[i])
	switch kind {
	case reBOL:
		return i == 0 || s[i-1] == '\n'
	case reEOL:
		return i == len(s) || s[i] == '\n'
	case reBufFirst:
		return i == 0
	case reBufLast:
		return i == len(s)
	case reWordFirst:
		return !before && after
	case reWordLast:
		return before && !after
	case reWordDelim:
		return before != after
	}
	return before == after
}

// search finds the leftmost-longest match in s starting at or after from.
// It returns the group boundaries (2 per group, group 0 being the whole
// match, -1 when unset; only the whole match unless groups is set) or nil.
func (p *reProg) search(s string, from int, groups bool) []int {
	start, end := -1, -1
	if p.backref {
		steps := 0
		for st := from; st <= len(s) && start < 0 && steps < reBudget; st++ {
			m := &reMatcher{p: p, s: s, target: -1, best: -1, steps: steps}
			m.caps = reUnset(2*p.nsub + 2)
			m.marks = make([]int, p.loops)
			m.snaps = make([][]int, p.loops)
			m.run(0, st)
			steps = m.steps
			if m.best >= 0 {
				start, end = st, m.best
			}
		}
	} else {
		start, end = p.extent(s, from)
	}
	if start < 0 {
		return nil
	}
	if !groups || p.nsub == 0 {
		caps := reUnset(2*p.nsub + 2)
		caps[0], caps[1] = start, end
		return caps
	}
	m := &reMatcher{p: p, s: s, target: end}
	m.caps = reUnset(2*p.nsub + 2)
	m.marks = make([]int, p.loops)
	m.snaps = make([][]int, p.loops)
	if !p.backref && p.loops <= 64 {
		m.memo = make(map[[3]int]bool)
	}
	if !m.run(0, start) {
		// Out of budget: report the match without its groups.
		caps := reUnset(2*p.nsub + 2)
		caps[0], caps[1] = start, end
		return caps
	}
	return m.found
}

// reUnset returns n slots all set to -1.
func reUnset(n int) []int {
	caps := make([]int, n)
	for i := range caps {
		caps[i] = -1
	}
	return caps
}

// extent finds the leftmost-longest match with an NFA simulation: threads
// carry their start position and are kept in order of start, so that a
// state reached by two threads keeps the earlier start, the only one that
// can matter.
func (p *reProg) extent(s string, from int) (int, int) {
	type thread struct{ pc, st int }
	seen := make([]int, len(p.insts)) // generation stamps
	gen := 0
	bestStart, bestEnd := -1, -1
	var add func(list []thread, pc, st, pos int) []thread
	add = func(list []thread, pc, st, pos int) []thread {
		if seen[pc] == gen {
			return list
		}
		seen[pc] = gen
		in := &p.insts[pc]
		switch in.op {
		case reOpSplit:
			return add(add(list, in.x, st, pos), in.y, st, pos)
		case reOpJmp:
			return add(list, in.x, st, pos)
		case reOpCheck:
			return add(add(list, in.x, st, pos), pc+1, st, pos)
		case reOpSave, reOpMark:
			return add(list, pc+1, st, pos)
		case reOpAssert:
			if reAssert(in.n, s, pos) {
				return add(list, pc+1, st, pos)
			}
			return list
		case reOpMatch:
			if bestStart < 0 || st < bestStart || (st == bestStart && pos > bestEnd) {
				bestStart, bestEnd = st, pos
			}
			return list
		}
		return append(list, thread{pc, st})
	}
	var cur, clist []thread
	for pos := from; ; pos++ {
		gen++
		clist = clist[:0]
		for _, t := range cur {
			if bestStart < 0 || t.st <= bestStart {
				clist = add(clist, t.pc, t.st, pos)
			}
		}
		if bestStart < 0 {
			clist = add(clist, 0, pos, pos)
		}
		if pos >= len(s) || (len(clist) == 0 && bestStart >= 0) {
			break
		}
		c := s[pos]
		cur = cur[:0]
		for _, t := range clist {
			in := &p.insts[t.pc]
			if (in.op == reOpChar && in.c == c) || (in.op == reOpSet && in.set[c]) {
				cur = append(cur, thread{t.pc + 1, t.st})
			}
		}
	}
	return bestStart, bestEnd
}

// reMatcher is a backtracking search for the first path, in priority order,
// that matches from a start position up to target (or, with target -1, for
// the longest match, recorded in best).
type reMatcher struct {
	p      *reProg
	s      string
	target int
	best   int
	caps   []int
	marks  []int
	snaps  [][]int // captures when each loop's iteration started
	found  []int
	memo   map[[3]int]bool
	steps  int
}

// run reports whether a path from pc at pos reaches the target.
func (m *reMatcher) run(pc, pos int) bool {
	for {
		m.steps++
		if m.steps > reBudget {
			return false
		}
		in := &m.p.insts[pc]
		switch in.op {
		case reOpChar:
			if pos >= len(m.s) || m.s[pos] != in.c {
				return false
			}
			pc, pos = pc+1, pos+1
		case reOpSet:
			if pos >= len(m.s) || !in.set[m.s[pos]] {
				return false
			}
			pc, pos = pc+1, pos+1
		case reOpAssert:
			if !reAssert(in.n, m.s, pos) {
				return false
			}
			pc++
		case reOpBackref:
			b, e := m.caps[2*in.n], m.caps[2*in.n+1]
			if b < 0 || e < 0 {
				return false
			}
			if !strings.HasPrefix(m.s[pos:], m.s[b:e]) {
				return false
			}
			pc, pos = pc+1, pos+e-b
		case reOpSave:
			old := m.caps[in.n]
			m.caps[in.n] = pos
			if m.run(pc+1, pos) {
				return true
			}
			m.caps[in.n] = old
			return false
		case reOpMark:
			old, oldSnap := m.marks[in.n], m.snaps[in.n]
			m.marks[in.n] = pos
			m.snaps[in.n] = append([]int(nil), m.caps...)
			if m.run(pc+1, pos) {
				return true
			}
			m.marks[in.n], m.snaps[in.n] = old, oldSnap
			return false
		case reOpCheck:
			if m.marks[in.n] != pos {
				pc = in.x
				break
			}
			// An empty iteration ends the loop; like GNU regex, it
			// leaves the groups that had matched before as they were.
			saved := append([]int(nil), m.caps...)
			for i, v := range m.snaps[in.n] {
				if v >= 0 {
					m.caps[i] = v
				}
			}
			if m.run(pc+1, pos) {
				return true
			}
			copy(m.caps, saved)
			return false
		case reOpJmp:
			pc = in.x
		case reOpSplit:
			var key [3]int
			if m.memo != nil {
				var bits int
				for k, mk := range m.marks {
					if mk == pos {
						bits |= 1 << k
					}
				}
				key = [3]int{pc, pos, bits}
				if m.memo[key] {
					return false
				}
			}
			if m.run(in.x, pos) || m.run(in.y, pos) {
				return true
			}
			if m.memo != nil {
				m.memo[key] = true
			}
			return false
		case reOpMatch:
			if m.target < 0 {
				if pos > m.best {
					m.best = pos
				}
				return false // keep looking for a longer match
			}
			if pos != m.target {
				return false
			}
			m.found = append([]int(nil), m.caps...)
			return true
		}
	}
}
