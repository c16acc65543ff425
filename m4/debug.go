package m4

import (
	"fmt"
	"io"
	"os"
)

// Debugging and tracing: the -d flags, debugmode, debugfile, traceon and
// traceoff, dumpdef. Trace lines have GNU m4's form
// "m4trace:FILE:LINE: -LEVEL- id N: name(args) -> `expansion'", each part
// present as the flags say.

const (
	dbgArgs      = 1 << iota // a
	dbgExpansion             // e
	dbgQuote                 // q
	dbgTraceAll              // t
	dbgLine                  // l
	dbgFile                  // f
	dbgPath                  // p
	dbgTraceCall             // c
	dbgInput                 // i
	dbgCallID                // x
	dbgAll       = dbgCallID<<1 - 1
	dbgDefault   = dbgArgs | dbgExpansion | dbgQuote
)

// parseDebugFlags decodes a flag string; it returns -1 for a bad flag.
func parseDebugFlags(s string, _ int) int {
	if s == "" {
		return dbgDefault
	}
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 'a':
			n |= dbgArgs
		case 'e':
			n |= dbgExpansion
		case 'q':
			n |= dbgQuote
		case 't':
			n |= dbgTraceAll
		case 'l':
			n |= dbgLine
		case 'f':
			n |= dbgFile
		case 'p':
			n |= dbgPath
		case 'c':
			n |= dbgTraceCall
		case 'i':
			n |= dbgInput
		case 'x':
			n |= dbgCallID
		case 'V':
			n |= dbgAll
		default:
			return -1
		}
	}
	return n
}

// ValidDebugFlags reports whether s is a valid -d flag string.
func ValidDebugFlags(s string) bool { return parseDebugFlags(s, 0) >= 0 }

func bDebugmode(in *Interp, obs *[]byte, args []arg) {
	in.badArgc(args, 1, 2)
	if len(args) == 1 {
		in.debug = 0
		return
	}
	s := args[1].text
	change := byte(0)
	if s != "" && (s[0] == '+' || s[0] == '-') {
		change, s = s[0], s[1:]
	}
	n := parseDebugFlags(s, 0)
	if n < 0 {
		in.diagf("Debugmode: bad debug flags: `%s'", args[1].text)
		return
	}
	switch change {
	case '+':
		in.debug |= n
	case '-':
		in.debug &^= n
	default:
		in.debug = n
	}
}

func bDebugfile(in *Interp, obs *[]byte, args []arg) {
	in.badArgc(args, 1, 2)
	if len(args) == 1 {
		in.setDebugFile("-")
		return
	}
	if !in.setDebugFile(args[1].text) {
		in.diagf("cannot set debug file `%s': %s", args[1].text, in.lastDebugErr)
	}
}

// setDebugFile directs debug output: "-" (internal) is standard error, ""
// discards, anything else is appended to.
func (in *Interp) setDebugFile(name string) bool {
	var w io.Writer
	var f *os.File
	switch name {
	case "-":
		w = in.stderr
	case "":
		w = nil
	default:
		if in.opt.Sandbox {
			in.lastDebugErr = "Permission denied"
			return false
		}
		var err error
		f, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0666)
		if err != nil {
			in.lastDebugErr = errnoText(err)
			return false
		}
		w = f
	}
	if in.debugF != nil {
		in.debugF.Close()
	}
	in.debugF, in.debugW = f, w
	return true
}

func (in *Interp) debugPrint(s string) {
	if in.debugW == nil {
		return
	}
	if in.debugW == in.stderr {
		in.stdout.Flush()
	}
	io.WriteString(in.debugW, s)
}

func (in *Interp) debugMessage(format string, args ...any) {
	p := "m4debug:"
	if in.curLine != 0 {
		if in.debug&dbgFile != 0 {
			p += in.curFile + ":"
		}
		if in.debug&dbgLine != 0 {
			p += itoa(in.curLine) + ":"
		}
	}
	in.debugPrint(p + " " + fmt.Sprintf(format, args...) + "\n")
}

func (in *Interp) traceHeader(id int) []byte {
	b := []byte("m4trace:")
	if in.debug&dbgFile != 0 {
		b = append(b, in.curFile...)
		b = append(b, ':')
	}
	if in.debug&dbgLine != 0 {
		b = append(b, itoa(in.curLine)...)
		b = append(b, ':')
	}
	b = append(b, " -"...)
	b = append(b, itoa(in.depth)...)
	b = append(b, "- "...)
	if in.debug&dbgCallID != 0 {
		b = append(b, "id "...)
		b = append(b, itoa(id)...)
		b = append(b, ": "...)
	}
	return b
}

// traceText appends s, quoted with q and truncated to -l.
func (in *Interp) traceText(b []byte, s string) []byte {
	if in.debug&dbgQuote != 0 {
		b = append(b, in.lquote...)
	}
	if n := in.opt.ArgLength; n > 0 && len(s) >= n {
		b = append(b, s[:n]...)
		b = append(b, "..."...)
	} else {
		b = append(b, s...)
	}
	if in.debug&dbgQuote != 0 {
		b = append(b, in.rquote...)
	}
	return b
}

func (in *Interp) tracePrepre(name string, id int) {
	b := in.traceHeader(id)
	b = append(b, name...)
	b = append(b, " ...\n"...)
	in.debugPrint(string(b))
}

func (in *Interp) tracePre(name string, id int, args []arg) {
	b := in.traceHeader(id)
	b = append(b, name...)
	if len(args) > 1 && in.debug&dbgArgs != 0 {
		b = append(b, '(')
		for i, a := range args[1:] {
			if i > 0 {
				b = append(b, ", "...)
			}
			if a.fn != nil {
				b = append(b, '<')
				b = append(b, a.fn.name...)
				b = append(b, '>')
			} else {
				b = in.traceText(b, a.text)
			}
		}
		b = append(b, ')')
	}
	if in.debug&dbgTraceCall != 0 {
		b = append(b, " -> ???\n"...)
		in.debugPrint(string(b))
		in.pendingTrace = nil
		return
	}
	in.pendingTrace = b
}

func (in *Interp) tracePost(name string, id int, args []arg, expansion []byte) {
	b := in.pendingTrace
	in.pendingTrace = nil
	if in.debug&dbgTraceCall != 0 {
		b = in.traceHeader(id)
		b = append(b, name...)
		if len(args) > 1 {
			b = append(b, "(...)"...)
		}
	}
	if len(expansion) > 0 && in.debug&dbgExpansion != 0 {
		b = append(b, " -> "...)
		b = in.traceText(b, string(expansion))
	}
	b = append(b, '\n')
	in.debugPrint(string(b))
}

// dumpdef prints the definitions of names to the debug stream.
func (in *Interp) dumpdef(names []string) {
	for _, n := range names {
		d := in.lookup(n)
		if d == nil {
			continue
		}
		b := append([]byte(n), ":\t"...)
		if d.fn != nil {
			b = append(b, '<')
			b = append(b, d.fn.name...)
			b = append(b, '>')
		} else {
			if in.debug&dbgQuote != 0 {
				b = append(b, in.lquote...)
			}
			b = append(b, d.text...)
			if in.debug&dbgQuote != 0 {
				b = append(b, in.rquote...)
			}
		}
		b = append(b, '\n')
		in.debugPrint(string(b))
	}
}
