package m4

import (
	"os"
	"sort"
	"strconv"
	"strings"
)

// builtin describes one builtin macro. macroArgs builtins receive builtin
// tokens as arguments; blind ones are not called when no '(' follows their
// name.
type builtin struct {
	name      string
	gnu       bool
	macroArgs bool
	blind     bool
	fn        func(in *Interp, obs *[]byte, args []arg)
}

var builtins []*builtin

func init() {
	builtins = []*builtin{
		{"__file__", true, false, false, bFile},
		{"__line__", true, false, false, bLine},
		{"__program__", true, false, false, bProgram},
		{"builtin", true, true, true, bBuiltin},
		{"changecom", false, false, false, bChangecom},
		{"changequote", false, false, false, bChangequote},
		{"debugmode", true, false, false, bDebugmode},
		{"debugfile", true, false, false, bDebugfile},
		{"decr", false, false, true, bDecr},
		{"define", false, true, true, bDefine},
		{"defn", false, false, true, bDefn},
		{"divert", false, false, false, bDivert},
		{"divnum", false, false, false, bDivnum},
		{"dnl", false, false, false, bDnl},
		{"dumpdef", false, false, false, bDumpdef},
		{"errprint", false, false, true, bErrprint},
		{"esyscmd", true, false, true, bEsyscmd},
		{"eval", false, false, true, bEval},
		{"format", true, false, true, bFormat},
		{"ifdef", false, false, true, bIfdef},
		{"ifelse", false, false, true, bIfelse},
		{"include", false, false, true, bInclude},
		{"incr", false, false, true, bIncr},
		{"index", false, false, true, bIndex},
		{"indir", true, true, true, bIndir},
		{"len", false, false, true, bLen},
		{"m4exit", false, false, false, bM4exit},
		{"m4wrap", false, false, true, bM4wrap},
		{"maketemp", false, false, true, bMaketemp},
		{"mkstemp", false, false, true, bMkstemp},
		{"patsubst", true, false, true, bPatsubst},
		{"popdef", false, false, true, bPopdef},
		{"pushdef", false, true, true, bPushdef},
		{"regexp", true, false, true, bRegexp},
		{"shift", false, false, true, bShift},
		{"sinclude", false, false, true, bSinclude},
		{"substr", false, false, true, bSubstr},
		{"syscmd", false, false, true, bSyscmd},
		{"sysval", false, false, false, bSysval},
		{"traceoff", false, false, false, bTraceoff},
		{"traceon", false, false, false, bTraceon},
		{"translit", false, false, true, bTranslit},
		{"undefine", false, false, true, bUndefine},
		{"undivert", false, false, false, bUndivert},
	}
}

func findBuiltin(name string) *builtin {
	for _, b := range builtins {
		if b.name == name {
			return b
		}
	}
	return nil
}

func (in *Interp) defineBuiltins() {
	for _, b := range builtins {
		if b.gnu && in.opt.Traditional {
			continue
		}
		name := b.name
		if in.opt.Prefix {
			name = "m4_" + name
		}
		in.define(name, def{fn: b}, false)
	}
	if in.opt.Traditional {
		in.defineText("unix", "", false)
	} else {
		in.defineText("__gnu__", "", false)
		in.defineText("__unix__", "", false)
	}
}

// badArgc checks the argument count (args includes the name) and warns as
// GNU m4 does; it reports true when there are too few.
func (in *Interp) badArgc(args []arg, min, max int) bool {
	n := len(args)
	if min > 0 && n < min {
		if !in.opt.Quiet {
			in.diagf("Warning: too few arguments to builtin `%s'", args[0].text)
		}
		return true
	}
	if max > 0 && n > max && !in.opt.Quiet {
		in.diagf("Warning: excess arguments to builtin `%s' ignored", args[0].text)
	}
	return false
}

func (in *Interp) numArg(args []arg, i int) (int, bool) {
	return numericArg(args[0].text, args[i].text, in.diag)
}

func (in *Interp) quoted(obs *[]byte, s string) {
	*obs = append(*obs, in.lquote...)
	*obs = append(*obs, s...)
	*obs = append(*obs, in.rquote...)
}

func bFile(in *Interp, obs *[]byte, args []arg) {
	in.badArgc(args, 1, 1)
	in.quoted(obs, in.curFile)
}

func bLine(in *Interp, obs *[]byte, args []arg) {
	in.badArgc(args, 1, 1)
	*obs = append(*obs, itoa(in.curLine)...)
}

func bProgram(in *Interp, obs *[]byte, args []arg) {
	in.badArgc(args, 1, 1)
	in.quoted(obs, in.program)
}

func bBuiltin(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 2, -1) {
		return
	}
	if args[1].fn != nil {
		in.diagf("Warning: %s: invalid macro name ignored", args[0].text)
		return
	}
	b := findBuiltin(args[1].text)
	if b == nil || b.gnu && in.opt.Traditional {
		in.diagf("undefined builtin `%s'", args[1].text)
		return
	}
	sub := args[1:]
	if !b.macroArgs {
		sub = textArgs(sub)
	}
	b.fn(in, obs, sub)
}

// textArgs turns builtin tokens after the name into empty text.
func textArgs(args []arg) []arg {
	for i := 1; i < len(args); i++ {
		if args[i].fn != nil {
			out := make([]arg, len(args))
			copy(out, args)
			for j := i; j < len(out); j++ {
				if out[j].fn != nil {
					out[j] = arg{}
				}
			}
			return out
		}
	}
	return args
}

func bChangequote(in *Interp, obs *[]byte, args []arg) {
	in.badArgc(args, 1, 3)
	switch {
	case len(args) < 2:
		in.lquote, in.rquote = "`", "'"
	default:
		lq := args[1].text
		rq := "'"
		if len(args) >= 3 {
			rq = args[2].text
		}
		if lq != "" && rq == "" {
			rq = "'"
		}
		in.lquote, in.rquote = lq, rq
	}
}

func bChangecom(in *Interp, obs *[]byte, args []arg) {
	in.badArgc(args, 1, 3)
	switch {
	case len(args) < 2:
		in.bcomm, in.ecomm = "", ""
	default:
		bc := args[1].text
		ec := "\n"
		if len(args) >= 3 {
			ec = args[2].text
		}
		if bc != "" && ec == "" {
			ec = "\n"
		}
		in.bcomm, in.ecomm = bc, ec
	}
}

func bDecr(in *Interp, obs *[]byte, args []arg) { incrDecr(in, obs, args, -1) }
func bIncr(in *Interp, obs *[]byte, args []arg) { incrDecr(in, obs, args, 1) }

func incrDecr(in *Interp, obs *[]byte, args []arg, d int) {
	if in.badArgc(args, 2, 2) {
		return
	}
	n, ok := in.numArg(args, 1)
	if !ok {
		return
	}
	*obs = append(*obs, itoa(int(int32(n+d)))...)
}

func bDefine(in *Interp, obs *[]byte, args []arg)  { defineMacro(in, args, false) }
func bPushdef(in *Interp, obs *[]byte, args []arg) { defineMacro(in, args, true) }

func defineMacro(in *Interp, args []arg, push bool) {
	if in.badArgc(args, 2, 3) {
		return
	}
	if args[1].fn != nil {
		in.diagf("Warning: %s: invalid macro name ignored", args[0].text)
		return
	}
	if len(args) == 2 {
		in.defineText(args[1].text, "", push)
		return
	}
	if args[2].fn != nil {
		in.define(args[1].text, def{fn: args[2].fn}, push)
		return
	}
	in.defineText(args[1].text, args[2].text, push)
}

func bDefn(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 2, -1) {
		return
	}
	for _, a := range args[1:] {
		d := in.lookup(a.text)
		if d == nil {
			continue
		}
		if d.fn == nil {
			in.quoted(obs, d.text)
		} else if len(args) != 2 {
			in.diagf("Warning: cannot concatenate builtin `%s'", a.text)
		} else {
			*obs = (*obs)[:0]
			in.pushMacro(d.fn)
		}
	}
}

func bDivert(in *Interp, obs *[]byte, args []arg) {
	in.badArgc(args, 1, 2)
	n := 0
	if len(args) >= 2 {
		var ok bool
		if n, ok = in.numArg(args, 1); !ok {
			return
		}
	}
	in.makeDiversion(n)
}

func bDivnum(in *Interp, obs *[]byte, args []arg) {
	in.badArgc(args, 1, 1)
	*obs = append(*obs, itoa(in.curDiv)...)
}

func bDnl(in *Interp, obs *[]byte, args []arg) {
	in.badArgc(args, 1, 1)
	file, line := in.curFile, in.curLine
	if !in.skipLine() {
		in.printDiag(file+":"+itoa(line)+":", "Warning: end of file treated as newline")
		in.afterDiag()
	}
}

// afterDiag applies -E to a diagnostic printed by printDiag.
func (in *Interp) afterDiag() {
	if in.opt.FatalWarnings > 0 {
		in.retcode = 1
		if in.opt.FatalWarnings > 1 {
			panic(exitError{1})
		}
	}
}

func bDumpdef(in *Interp, obs *[]byte, args []arg) {
	var names []string
	if len(args) == 1 {
		names = in.sortedNames()
	} else {
		for _, a := range args[1:] {
			if in.lookup(a.text) == nil {
				in.diagf("undefined macro `%s'", a.text)
				continue
			}
			names = append(names, a.text)
		}
		sort.Strings(names)
	}
	in.dumpdef(names)
}

func bErrprint(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 2, -1) {
		return
	}
	in.stdout.Flush()
	os.Stderr.Sync()
	in.stderr.Write(in.dumpArgs(nil, args[1:], " ", false))
}

func bIfdef(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 3, 4) {
		return
	}
	if in.lookup(args[1].text) != nil {
		in.setResult(args[2].text)
	} else if len(args) >= 4 {
		in.setResult(args[3].text)
	}
}

func bIfelse(in *Interp, obs *[]byte, args []arg) {
	if len(args) == 2 {
		return
	}
	if in.badArgc(args, 4, -1) {
		return
	}
	if (len(args)+2)%3 > 1 && !in.opt.Quiet {
		in.diagf("Warning: excess arguments to builtin `%s' ignored", args[0].text)
	}
	a := args[1:]
	for {
		if a[0].text == a[1].text {
			in.setResult(a[2].text)
			return
		}
		switch len(a) {
		case 3:
			return
		case 4, 5:
			in.setResult(a[3].text)
			return
		}
		a = a[3:]
	}
}

func bInclude(in *Interp, obs *[]byte, args []arg)  { include(in, obs, args, false) }
func bSinclude(in *Interp, obs *[]byte, args []arg) { include(in, obs, args, true) }

func include(in *Interp, obs *[]byte, args []arg, silent bool) {
	if in.badArgc(args, 2, 2) {
		return
	}
	data, path, err := in.pathSearch(args[1].text)
	if err != nil {
		if !silent {
			in.errorf(false, "cannot open `%s': %s", args[1].text, errnoText(err))
		}
		return
	}
	*obs = (*obs)[:0]
	in.pushFile(data, path)
}

func bIndex(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 3, 3) {
		if len(args) == 2 { // index(`abc') is 0, builtin(`index') is blank
			*obs = append(*obs, '0')
		}
		return
	}
	*obs = append(*obs, itoa(strings.Index(args[1].text, args[2].text))...)
}

func bIndir(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 2, -1) {
		return
	}
	if args[1].fn != nil {
		in.diagf("Warning: %s: invalid macro name ignored", args[0].text)
		return
	}
	d := in.lookup(args[1].text)
	if d == nil {
		in.diagf("undefined macro `%s'", args[1].text)
		return
	}
	sub := args[1:]
	if d.fn == nil {
		*obs = in.expandUser(*obs, d.text, textArgs(sub))
		return
	}
	if !d.fn.macroArgs {
		sub = textArgs(sub)
	}
	d.fn.fn(in, obs, sub)
}

func bLen(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 2, 2) {
		return
	}
	*obs = append(*obs, itoa(len(args[1].text))...)
}

func bM4exit(in *Interp, obs *[]byte, args []arg) {
	in.badArgc(args, 1, 2)
	code := 0
	if len(args) >= 2 {
		n, ok := in.numArg(args, 1)
		if !ok {
			n = 1 // GNU exits with failure after a non-numeric status
		}
		code = n
		if code < 0 || code > 255 {
			in.diagf("exit status out of range: `%s'", args[1].text)
			code = 1
		}
	}
	if code == 0 && in.retcode != 0 {
		code = in.retcode
	}
	panic(exitError{code})
}

func bM4wrap(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 2, -1) {
		return
	}
	if in.opt.Traditional {
		in.pushWrapup(args[1].text)
		return
	}
	in.pushWrapup(string(in.dumpArgs(nil, args[1:], " ", false)))
}

func bPopdef(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 2, -1) {
		return
	}
	for _, a := range args[1:] {
		in.popSymbol(a.text)
	}
}

func bUndefine(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 2, -1) {
		return
	}
	for _, a := range args[1:] {
		in.deleteSymbol(a.text)
	}
}

func bShift(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 2, -1) {
		return
	}
	*obs = in.dumpArgs(*obs, args[2:], ",", true)
}

func bSubstr(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 3, 4) {
		if len(args) == 2 {
			*obs = append(*obs, args[1].text...)
		}
		return
	}
	s := args[1].text
	avail := len(s)
	start, ok := in.numArg(args, 2)
	if !ok {
		return
	}
	length := avail
	if len(args) >= 4 {
		if length, ok = in.numArg(args, 3); !ok {
			return
		}
	}
	if start < 0 || length <= 0 || start >= avail {
		return
	}
	if start+length > avail || start+length < 0 {
		length = avail - start
	}
	*obs = append(*obs, s[start:start+length]...)
}

func bTranslit(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 3, 4) || args[1].text == "" || args[2].text == "" {
		if len(args) >= 2 {
			*obs = append(*obs, args[1].text...)
		}
		return
	}
	from := args[2].text
	if strings.IndexByte(from, '-') >= 0 {
		from = expandRanges(from)
	}
	to := ""
	if len(args) >= 4 {
		to = args[3].text
		if strings.IndexByte(to, '-') >= 0 {
			to = expandRanges(to)
		}
	}
	var mapping [256]int16
	for i := range mapping {
		mapping[i] = -1 // not in from
	}
	ti := 0
	for i := 0; i < len(from); i++ {
		c := from[i]
		if mapping[c] == -1 {
			if ti < len(to) {
				mapping[c] = int16(to[ti])
			} else {
				mapping[c] = -2 // delete
			}
		}
		if ti < len(to) {
			ti++
		}
	}
	s := args[1].text
	for i := 0; i < len(s); i++ {
		switch m := mapping[s[i]]; m {
		case -1:
			*obs = append(*obs, s[i])
		case -2:
		default:
			*obs = append(*obs, byte(m))
		}
	}
}

// expandRanges expands a-z style ranges in a translit argument.
func expandRanges(s string) string {
	var out []byte
	from := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '-' && from >= 0 {
			i++
			if i >= len(s) {
				out = append(out, '-')
				break
			}
			to := int(s[i])
			if from <= to {
				for x := from + 1; x <= to; x++ {
					out = append(out, byte(x))
				}
			} else {
				for x := from - 1; x >= to; x-- {
					out = append(out, byte(x))
				}
			}
			from = to
			continue
		}
		out = append(out, c)
		from = int(c)
	}
	return string(out)
}

func bEval(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 2, 4) {
		return
	}
	if in.opt.Sandbox && len(args) > 2 && (strings.TrimSpace(args[2].text) == "1" ||
		len(args) > 3 && len(strings.TrimSpace(args[3].text)) > 6) {
		in.errorf(true, "sandbox: eval output may exceed the size limit")
	}
	if in.evalDiag == nil {
		// made once: a closure made at each call would be allocated
		// at each call
		in.evalDiag = func(msg string) {
			in.diag(msg)
			if evalMsgSetsExitStatus(msg) {
				in.retcode = 1
			}
		}
	}
	*obs = append(*obs, m4eval(argTexts(args[1:min(len(args), 4)]), in.evalDiag)...)
}

func bFormat(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 2, -1) {
		return
	}
	if in.opt.Sandbox && formatMayExplode(args) {
		in.errorf(true, "sandbox: format output may exceed the size limit")
	}
	*obs = append(*obs, m4format(argTexts(args[1:]), in.diag)...)
}

func bRegexp(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 3, 4) {
		if len(args) == 2 { // regexp(`abc') is 0
			*obs = append(*obs, '0')
		}
		return
	}
	*obs = append(*obs, m4regexp(argTexts(args[1:min(len(args), 4)]), in.diag)...)
}

func bPatsubst(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 3, 4) {
		if len(args) == 2 { // patsubst(`abc') is abc
			*obs = append(*obs, args[1].text...)
		}
		return
	}
	*obs = append(*obs, m4patsubst(argTexts(args[1:min(len(args), 4)]), in.diag)...)
}

func argTexts(args []arg) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a.text
	}
	return out
}

func bTraceon(in *Interp, obs *[]byte, args []arg) {
	if len(args) == 1 {
		for _, n := range in.sortedNames() {
			in.traced[n] = true
		}
		return
	}
	for _, a := range args[1:] {
		in.traced[a.text] = true
	}
}

func bTraceoff(in *Interp, obs *[]byte, args []arg) {
	if len(args) == 1 {
		in.traced = map[string]bool{}
		return
	}
	for _, a := range args[1:] {
		delete(in.traced, a.text)
	}
}

func bUndivert(in *Interp, obs *[]byte, args []arg) {
	if len(args) == 1 {
		in.undivertAll()
		return
	}
	for _, a := range args[1:] {
		n, err := strconv.ParseInt(a.text, 10, 64)
		if err == nil && a.text != "" && !isSpace(a.text[0]) {
			in.insertDiversion(int(n))
			continue
		}
		if e, ok := err.(*strconv.NumError); ok && e.Err == strconv.ErrRange {
			continue
		}
		if in.opt.Traditional {
			in.diagf("non-numeric argument to builtin `%s'", args[0].text)
			continue
		}
		data, _, err := in.pathSearch(a.text)
		if err != nil {
			in.diagf("cannot undivert `%s': %s", a.text, errnoText(err))
			continue
		}
		in.writeOutput(data)
	}
}

// formatMayExplode reports whether a format call could ask for a width or
// precision over six digits (directly or through *), which the sandbox
// refuses rather than allocate gigabytes.
func formatMayExplode(args []arg) bool {
	f := args[1].text
	if strings.IndexByte(f, '*') >= 0 {
		for _, a := range args[2:] {
			if len(strings.TrimSpace(a.text)) > 6 {
				return true
			}
		}
	}
	run := 0
	for i := 0; i < len(f); i++ {
		if f[i] >= '0' && f[i] <= '9' {
			run++
			if run > 6 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}
