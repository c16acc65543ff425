package m4

import "sort"

// A definition is either text or a builtin.
type def struct {
	text string
	fn   *builtin
}

// symbol holds a name's definitions, the most recent (pushdef) last.
type symbol struct {
	name string
	defs []def
}

func (s *symbol) top() *def { return &s.defs[len(s.defs)-1] }

// arg is one collected macro argument: text, or a builtin token.
type arg struct {
	text string
	fn   *builtin
}

func (in *Interp) lookup(name string) *def {
	if s := in.syms[name]; s != nil && len(s.defs) > 0 {
		return s.top()
	}
	return nil
}

// define replaces the current definition of name (or makes one).
func (in *Interp) define(name string, d def, push bool) {
	s := in.syms[name]
	if s == nil {
		s = &symbol{name: name}
		in.syms[name] = s
	}
	if push || len(s.defs) == 0 {
		s.defs = append(s.defs, d)
	} else {
		s.defs[len(s.defs)-1] = d
	}
}

func (in *Interp) defineText(name, text string, push bool) {
	if in.opt.WarnMacroSequence != nil {
		in.warnSequences(name, text)
	}
	in.define(name, def{text: text}, push)
}

// warnSequences gives --warn-macro-sequence's warning for each match of its
// expression in a new definition.
func (in *Interp) warnSequences(name, text string) {
	prog := reCompileCached(*in.opt.WarnMacroSequence)
	if prog.err != "" {
		return
	}
	for from := 0; from <= len(text); {
		caps := prog.search(text, from, false)
		if caps == nil {
			return
		}
		in.diagf("Warning: definition of `%s' contains sequence `%s'", name, text[caps[0]:caps[1]])
		if caps[1] > caps[0] {
			from = caps[1]
		} else {
			from = caps[1] + 1
		}
	}
}

func (in *Interp) deleteSymbol(name string) {
	delete(in.syms, name)
}

func (in *Interp) popSymbol(name string) {
	s := in.syms[name]
	if s == nil {
		return
	}
	s.defs = s.defs[:len(s.defs)-1]
	if len(s.defs) == 0 {
		delete(in.syms, name)
	}
}

// sortedNames lists the defined names in byte order, as dumpdef prints them.
func (in *Interp) sortedNames() []string {
	names := make([]string, 0, len(in.syms))
	for n, s := range in.syms {
		if len(s.defs) > 0 {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// expandInput reads and expands tokens until the input stack is empty.
func (in *Interp) expandInput() {
	for {
		t, line := in.nextToken()
		if t.typ == tokEOF {
			return
		}
		in.expandToken(nil, t, line)
	}
}

// expandToken expands or copies one token to obs (an argument being
// collected) or, when obs is nil, to the output.
func (in *Interp) expandToken(obs *[]byte, t token, line int) {
	switch t.typ {
	case tokWord:
		d := in.lookup(t.text)
		if d == nil || d.fn != nil && d.fn.blind && in.peekChar() != '(' {
			in.shipout(obs, t.text, line)
			return
		}
		in.expandMacro(t.text, d)
	case tokMacdef:
		// a builtin token outside an argument is dropped
	default:
		in.shipout(obs, t.text, line)
	}
}

func (in *Interp) shipout(obs *[]byte, s string, line int) {
	if obs != nil {
		*obs = append(*obs, s...)
		return
	}
	in.output(s, line)
}

// expandMacro calls the macro name whose current definition is d.
func (in *Interp) expandMacro(name string, d *def) {
	in.checkDeadline()
	in.depth++
	if in.opt.NestingLimit > 0 && in.depth > in.opt.NestingLimit {
		in.errorf(true, "recursion limit of %d exceeded, use -L<N> to change it", in.opt.NestingLimit)
	}
	if in.depth > in.opt.MaxDepth {
		in.stdout.Flush()
		in.stderr.Write([]byte(in.program + ": stack overflow\n"))
		panic(exitError{1})
	}
	in.callID++
	id := in.callID
	dd := *d // the definition may change while arguments are collected
	traced := in.debug&dbgTraceAll != 0 || len(in.traced) > 0 && in.traced[name]
	openFile, openLine := in.curFile, in.curLine
	if traced && in.debug&dbgTraceCall != 0 {
		in.tracePrepre(name, id)
	}
	f := in.frame()
	args := in.collectArgs(f, name, dd.fn != nil && dd.fn.macroArgs)
	closeFile, closeLine := in.curFile, in.curLine
	in.curFile, in.curLine = openFile, openLine
	if traced {
		in.tracePre(name, id, args)
	}
	f.obs = f.obs[:0]
	f.res, f.hasRes = "", false
	if dd.fn != nil {
		dd.fn.fn(in, &f.obs, args)
	} else {
		f.obs = in.expandUser(f.obs, dd.text, args)
	}
	if in.opt.Sandbox && (len(f.obs) > sandboxLimit || len(f.buf) > sandboxLimit) {
		in.errorf(true, "sandbox: expansion larger than %d bytes", sandboxLimit)
	}
	if f.hasRes {
		// the builtin's whole expansion is an existing string
		if traced {
			in.tracePost(name, id, args, []byte(f.res))
		}
		in.pushString(f.res)
	} else {
		if traced {
			in.tracePost(name, id, args, f.obs)
		}
		if len(f.obs) > 0 {
			in.pushString(string(f.obs))
		}
	}
	f.args = args[:0]
	in.curFile, in.curLine = closeFile, closeLine
	in.depth--
}

// sandboxLimit bounds one expansion or argument list under Options.Sandbox,
// so that a fuzzer's doubling macros end quickly instead of exhausting
// memory.
const sandboxLimit = 256 << 10

// frame holds the reusable buffers of the macro call at one nesting depth:
// the arguments' text, the argument list and the expansion.
type frame struct {
	buf    []byte
	obs    []byte
	args   []arg
	ends   []int
	res    string // with hasRes: the expansion, instead of obs
	hasRes bool
}

// setResult makes s the whole expansion of the builtin being called,
// sparing a copy; the builtin must not write to its obs as well.
func (in *Interp) setResult(s string) {
	f := in.frames[in.depth]
	f.res, f.hasRes = s, true
}

// frame returns the buffers for the current depth.
func (in *Interp) frame() *frame {
	for len(in.frames) <= in.depth {
		in.frames = append(in.frames, &frame{})
	}
	return in.frames[in.depth]
}

// collectArgs returns the call's arguments, the name first. The returned
// slice is reused by the next call at the same depth.
func (in *Interp) collectArgs(f *frame, name string, macroArgs bool) []arg {
	args := append(f.args[:0], arg{text: name})
	if in.peekChar() != '(' {
		return args
	}
	in.nextToken() // the parenthesis
	f.buf = f.buf[:0]
	f.ends = f.ends[:0]
	for {
		fn, more := in.expandArgument(f)
		if !macroArgs {
			fn = nil
		}
		f.ends = append(f.ends, len(f.buf))
		args = append(args, arg{fn: fn})
		if !more {
			break
		}
	}
	all := string(f.buf)
	start := 0
	for i, end := range f.ends {
		if args[i+1].fn == nil {
			args[i+1].text = all[start:end]
		}
		start = end
	}
	return args
}

// expandArgument collects one argument, appending its text to f.buf; it
// returns the builtin token the argument is, if it is one, and whether a
// comma (more arguments) ended it.
func (in *Interp) expandArgument(f *frame) (*builtin, bool) {
	file, line := in.curFile, in.curLine
	var t token
	for {
		t, _ = in.nextToken()
		if t.typ != tokSimple || !isSpace(t.text[0]) {
			break
		}
	}
	start := len(f.buf)
	var fn *builtin
	level := 0
	for {
		switch t.typ {
		case tokComma, tokClose:
			if level == 0 {
				if fn != nil {
					f.buf = f.buf[:start]
				}
				return fn, t.typ == tokComma
			}
			if t.typ == tokClose {
				level--
			}
			f.buf = append(f.buf, t.text...)
		case tokOpen:
			level++
			f.buf = append(f.buf, t.text...)
		case tokString:
			f.buf = append(f.buf, t.text...)
		case tokSimple:
			f.buf = append(f.buf, t.text...)
			f.buf = in.plainRun(f.buf)
		case tokEOF:
			in.errorAt(file+":"+itoa(line)+":", true, "ERROR: end of file in argument list")
		case tokWord:
			in.expandToken(&f.buf, t, 0)
			if in.opt.Sandbox {
				in.checkDeadline()
				if len(f.buf) > sandboxLimit {
					in.errorf(true, "sandbox: argument larger than %d bytes", sandboxLimit)
				}
			}
		case tokMacdef:
			// GNU m4 keeps the builtin token of an argument that starts
			// with one and drops the text collected after it
			if len(f.buf) == start {
				fn = t.fn
			}
		}
		t, _ = in.nextToken()
	}
}

// plainRun appends the characters that follow in the current block and
// would each be a single-character token with no meaning inside an
// argument (not a parenthesis, comma, name, quote or comment start), and
// consumes them: the same text token by token would give, read at once.
func (in *Interp) plainRun(buf []byte) []byte {
	b := in.top()
	if b == nil || b.kind == blockMacro {
		return buf
	}
	var lq, bc int = -1, -1
	if in.lquote != "" {
		lq = int(in.lquote[0])
	}
	if in.bcomm != "" {
		bc = int(in.bcomm[0])
	}
	p := b.pos
	for p < len(b.s) {
		c := b.s[p]
		if argStop[c] || int(c) == lq || int(c) == bc {
			break
		}
		p++
	}
	if n := p - b.pos; n > 0 {
		buf = append(buf, b.s[b.pos:p]...)
		in.advance(b, n)
	}
	return buf
}

// argStop marks the characters plainRun stops at: those that start a name
// and the parentheses and comma.
var argStop = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isWordStart(c) || c == '(' || c == ')' || c == ','
	}
	return
}()

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// expandUser substitutes the arguments into a user macro's text.
func (in *Interp) expandUser(obs []byte, text string, args []arg) []byte {
	for {
		i := indexByte(text, '$')
		if i < 0 || i == len(text)-1 {
			return append(obs, text...)
		}
		obs = append(obs, text[:i]...)
		text = text[i+1:]
		c := text[0]
		switch {
		case c >= '0' && c <= '9':
			n := 0
			if in.opt.Traditional {
				n = int(c - '0')
				text = text[1:]
			} else {
				j := 0
				for j < len(text) && text[j] >= '0' && text[j] <= '9' {
					if n < 1<<20 {
						n = n*10 + int(text[j]-'0')
					}
					j++
				}
				text = text[j:]
			}
			if n < len(args) {
				obs = append(obs, args[n].text...)
			}
		case c == '#':
			obs = append(obs, itoa(len(args)-1)...)
			text = text[1:]
		case c == '*' || c == '@':
			obs = in.dumpArgs(obs, args[1:], ",", c == '@')
			text = text[1:]
		default:
			obs = append(obs, '$')
		}
	}
}

func (in *Interp) dumpArgs(obs []byte, args []arg, sep string, quoted bool) []byte {
	for i, a := range args {
		if i > 0 {
			obs = append(obs, sep...)
		}
		if quoted {
			obs = append(obs, in.lquote...)
		}
		obs = append(obs, a.text...)
		if quoted {
			obs = append(obs, in.rquote...)
		}
	}
	return obs
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
