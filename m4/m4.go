// Package m4 is a macro processor that prints exactly what GNU m4 1.4.19
// prints: the same output, the same diagnostics on the error stream and the
// same exit status.
//
// # What it reads
//
// The input is a sequence of files (or standard input) read as bytes. The
// scanner splits it into tokens as GNU m4 does:
//
//   - a name: a letter or underscore followed by letters, digits and
//     underscores (ASCII only). A name that is a defined macro is called; when
//     the next character is '(' the arguments up to the matching ')' are
//     collected, each one expanded, with leading white space removed.
//   - a quoted string: from the left quote (default "`") to the matching
//     right quote (default "'"), nesting counted; one level of quotes is
//     removed and the contents are not rescanned. changequote sets other
//     delimiters, of any length.
//   - a comment: from the comment start (default "#") to the comment end
//     (default newline), passed through verbatim. changecom sets them.
//   - any other single character.
//
// The expansion of a macro is pushed back on the input and rescanned. The
// builtins are those of GNU m4 1.4.19 as Debian builds it (no changeword).
//
// # Diagnostics
//
// Every diagnostic starts with the program name and, when input is being
// read, the file and line: "m4:FILE:LINE: ". Warnings then say "Warning: ";
// errors that end the run say "ERROR: ". The exit status is 0, 1 after any
// error (or any warning with -E), or the value given to m4exit.
//
// # Limits
//
// Macro calls nested inside argument lists recurse on the Go stack; the depth
// is bounded (see maxDepth) and exceeding it ends the run with GNU m4's
// "stack overflow" message instead of crashing. Options.Deadline bounds a
// whole run for callers such as fuzzers.
package m4

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Options configure one run of the macro processor. The zero value is GNU
// m4's default behaviour, writing to os.Stdout and os.Stderr.
type Options struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader
	Program        string   // name used in diagnostics and __program__ (argv[0])
	Prefix         bool     // -P: prefix every builtin with "m4_"
	Traditional    bool     // -G: no GNU extensions
	SyncLines      bool     // -s: emit #line directives
	FatalWarnings  int      // -E: 1 makes warnings set exit status 1, 2 stops at the first
	Quiet          bool     // -Q: suppress warnings about argument counts
	NestingLimit   int      // -L: 0 for unlimited
	IncludePath    []string // -I directories, then M4PATH
	Debug          string   // -d flags; "" means none
	DebugFile      *string  // --debugfile; nil means stderr, "" discards
	ArgLength      int      // -l: truncate traced arguments
	Sandbox        bool     // no shell, no file access beyond the input (for fuzzing)
	Deadline       time.Time
	MaxDepth       int // nested calls before "stack overflow"; 0 means maxDepth
	// ReadFile, when set, reads the named input files, included files and
	// undiverted files instead of the operating system (for example from
	// an embedded macro library). It returns an *os.PathError (or an error
	// wrapping fs.ErrNotExist) for a missing file.
	ReadFile func(name string) ([]byte, error)
	// WarnMacroSequence, when set, warns about each definition whose text
	// matches this regular expression (GNU's default is
	// DefaultMacroSequence), as --warn-macro-sequence does.
	WarnMacroSequence *string
}

// DefaultMacroSequence is the expression --warn-macro-sequence uses when
// given without one: ${...} and multi-digit parameters.
const DefaultMacroSequence = `\$\({[^}]*}\|[0-9][0-9]+\)`

// CheckMacroSequence reports the error GNU m4 gives for a bad
// --warn-macro-sequence expression, or "".
func CheckMacroSequence(re string) string {
	if p := reCompileCached(re); p.err != "" {
		return "--warn-macro-sequence: bad regular expression `" + re + "': " + p.err
	}
	return ""
}

// Action is one command-line request, applied in command-line order as GNU
// m4 does: a definition, an undefinition, a trace, a sync-lines switch or a
// file to process.
type Action struct {
	Kind  byte // 'D' define, 'U' undefine, 't' trace, 's' sync lines, 'F' file
	Name  string
	Value string
}

// exitError unwinds the interpreter when the run must end.
type exitError struct{ code int }

// Interp is one macro processor. It is not safe for concurrent use.
type Interp struct {
	opt     Options
	program string
	stdout  *bufio.Writer
	stderr  io.Writer
	debugW  io.Writer // trace and dumpdef output; nil discards
	debugF  *os.File

	syms   map[string]*symbol
	traced map[string]bool

	lquote, rquote string
	bcomm, ecomm   string

	// input
	stack       []*block
	wrapups     []*block
	inputChange bool
	startOfLine bool
	curFile     string
	curLine     int

	// output
	divs       map[int]*[]byte
	curDiv     int
	outLine    int // for -s: the output line number
	atLineHead bool

	depth        int
	frames       []*frame
	freeBlocks   []*block
	pendingTrace []byte
	lastDebugErr string
	callID       int
	retcode      int
	evalDiag     func(string) // bEval's diagnostics, made once
	sysval       int
	debug        int // debug flag bits
	steps        int
	deadline     time.Time
}

// maxDepth bounds macro calls nested in argument lists. GNU m4 overflows its
// C stack somewhere between 30,000 and 50,000 such levels and reports
// "stack overflow"; past maxDepth we report the same.
const maxDepth = 100000

// New makes an interpreter with the builtins and predefined macros defined.
func New(opt Options) *Interp {
	if opt.Stdout == nil {
		opt.Stdout = os.Stdout
	}
	if opt.Stderr == nil {
		opt.Stderr = os.Stderr
	}
	if opt.Stdin == nil {
		opt.Stdin = os.Stdin
	}
	if opt.Program == "" {
		opt.Program = "m4"
	}
	in := &Interp{
		opt:        opt,
		program:    opt.Program,
		stdout:     bufio.NewWriterSize(opt.Stdout, 64<<10),
		stderr:     opt.Stderr,
		syms:       make(map[string]*symbol, 512),
		traced:     map[string]bool{},
		lquote:     "`",
		rquote:     "'",
		bcomm:      "#",
		ecomm:      "\n",
		divs:       map[int]*[]byte{},
		deadline:   opt.Deadline,
		atLineHead: true,
	}
	if in.opt.MaxDepth <= 0 {
		in.opt.MaxDepth = maxDepth
	}
	in.debugW = in.stderr
	in.defineBuiltins()
	if opt.Debug != "" {
		in.debug = parseDebugFlags(opt.Debug, in.debug)
	}
	if opt.DebugFile != nil {
		in.setDebugFile(*opt.DebugFile)
	}
	return in
}

// Run carries out the command-line actions in order (files named "-" are
// standard input; with no file at all, standard input is read), then the
// m4wrap text and the diversions, and returns the exit status.
func (in *Interp) Run(actions []Action) (code int) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(exitError)
			if !ok {
				panic(r)
			}
			in.flushAll()
			code = e.code
		}
	}()
	files := 0
	for _, a := range actions {
		switch a.Kind {
		case 'D':
			in.defineText(a.Name, a.Value, false)
		case 'U':
			in.deleteSymbol(a.Name)
		case 't':
			in.traced[a.Name] = true
		case 's':
			in.opt.SyncLines = true
		case 'F':
			files++
			in.processFile(a.Name)
		}
	}
	if files == 0 {
		in.processFile("-")
	}
	for in.popWrapup() {
		in.expandInput()
	}
	in.curFile, in.curLine = "", 0
	in.undivertAll()
	in.flushAll()
	return in.retcode
}

func (in *Interp) processFile(name string) {
	var data []byte
	var err error
	title := name
	if name == "-" {
		title = "stdin"
		data, err = io.ReadAll(in.opt.Stdin)
	} else {
		data, err = in.readFile(name)
	}
	if err != nil {
		in.errorf(false, "cannot open `%s': %s", name, errnoText(err))
		return
	}
	in.pushFile(string(data), title)
	in.expandInput()
}

// flushAll flushes standard output and the debug file.
func (in *Interp) flushAll() {
	in.stdout.Flush()
	if in.debugF != nil {
		in.debugF.Sync()
	}
}

// location returns the "FILE:LINE:" part of a diagnostic prefix, or "" when
// no input is being read.
func (in *Interp) location() string {
	if in.curLine == 0 && in.curFile == "" {
		return ""
	}
	return fmt.Sprintf("%s:%d:", in.curFile, in.curLine)
}

func (in *Interp) diagPrefix() string {
	return in.program + ":" + in.location() + " "
}

// diag prints a diagnostic at the current location that does not by
// itself change the exit status (GNU m4's warning_status class): with -E it
// makes the exit status 1, with -E -E it ends the run.
func (in *Interp) diag(msg string) {
	in.printDiag(in.location(), msg)
	if in.opt.FatalWarnings > 0 {
		in.retcode = 1
		if in.opt.FatalWarnings > 1 {
			panic(exitError{1})
		}
	}
}

func (in *Interp) diagf(format string, args ...any) {
	in.diag(fmt.Sprintf(format, args...))
}

// errorf prints an error at the current location and makes the exit status
// 1; when fatal it ends the run.
func (in *Interp) errorf(fatal bool, format string, args ...any) {
	in.errorAt(in.location(), fatal, format, args...)
}

func (in *Interp) errorAt(loc string, fatal bool, format string, args ...any) {
	in.printDiag(loc, fmt.Sprintf(format, args...))
	in.retcode = 1
	if fatal {
		panic(exitError{1})
	}
}

func (in *Interp) printDiag(loc, msg string) {
	in.stdout.Flush()
	io.WriteString(in.stderr, in.program+":"+loc+" "+msg+"\n")
}

// errnoText turns a Go file error into the C library's strerror text.
func errnoText(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		err = pe.Err
	}
	s := err.Error()
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// checkDeadline ends the run when Options.Deadline has passed.
func (in *Interp) checkDeadline() {
	in.steps++
	if in.steps&1023 == 0 && !in.deadline.IsZero() && time.Now().After(in.deadline) {
		in.errorAt("", true, "run time limit exceeded")
	}
}
