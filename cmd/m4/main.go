// Command m4 is a macro processor that behaves like GNU m4 1.4.19: the same
// options (parsed as GNU getopt_long does, options and files in any order),
// output, diagnostics and exit status. See package m4.
package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/gosendmail/gosendmail/m4"
)

// option is one entry of the option table. arg is 0 (none), 1 (required)
// or 2 (optional, attached only).
type option struct {
	short byte
	long  string
	arg   int
}

var options = []option{
	{'B', "", 1}, {'D', "define", 1}, {'E', "fatal-warnings", 0},
	{'F', "freeze-state", 1}, {'G', "traditional", 0}, {'H', "hashsize", 1},
	{'I', "include", 1}, {'L', "nesting-limit", 1}, {'N', "", 1},
	{'P', "prefix-builtins", 0}, {'Q', "quiet", 0}, {'Q', "silent", 0},
	{'R', "reload-state", 1}, {'S', "", 1}, {'T', "", 1},
	{'U', "undefine", 1}, {'d', "debug", 2}, {'e', "", 0}, {'g', "gnu", 0},
	{'i', "interactive", 0}, {'l', "arglength", 1}, {'o', "error-output", 1},
	{'s', "synclines", 0}, {'t', "trace", 1},
	{'W', "warn-macro-sequence", 2}, {'f', "debugfile", 2},
	{'h', "help", 0}, {'v', "version", 0},
}

const version = `m4 (GNU M4 compatible) 1.4.19
Part of gosendmail; prints what GNU m4 1.4.19 prints.
`

func main() {
	// m4 runs are short and allocate small strings at a high rate: trade
	// some memory for less garbage collection unless GOGC says otherwise.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	prog := os.Args[0]
	opt := m4.Options{Program: prog}
	var actions []m4.Action
	usageErr := func(format string, a ...any) {
		fmt.Fprintf(os.Stderr, "%s: "+format+"\n", append([]any{prog}, a...)...)
		fmt.Fprintf(os.Stderr, "Try `%s --help' for more information.\n", prog)
		os.Exit(1)
	}
	handle := func(o option, val string) {
		switch o.short {
		case 'D':
			name, value, _ := strings.Cut(val, "=")
			actions = append(actions, m4.Action{Kind: 'D', Name: name, Value: value})
		case 'U':
			actions = append(actions, m4.Action{Kind: 'U', Name: val})
		case 't':
			actions = append(actions, m4.Action{Kind: 't', Name: val})
		case 's':
			actions = append(actions, m4.Action{Kind: 's'})
		case 'E':
			opt.FatalWarnings++
		case 'G':
			opt.Traditional = true
		case 'g':
			opt.Traditional = false
		case 'I':
			opt.IncludePath = append(opt.IncludePath, val)
		case 'L':
			opt.NestingLimit, _ = strconv.Atoi(val)
		case 'P':
			opt.Prefix = true
		case 'Q':
			opt.Quiet = true
		case 'd':
			if !m4.ValidDebugFlags(val) {
				// GNU m4 reports and carries on with the flags it had
				fmt.Fprintf(os.Stderr, "%s: bad debug flags: `%s'\n", prog, val)
				return
			}
			opt.Debug = val
			if val == "" {
				opt.Debug = "aeq"
			}
		case 'l':
			opt.ArgLength, _ = strconv.Atoi(val)
		case 'o', 'f':
			v := val
			opt.DebugFile = &v
		case 'F', 'R':
			fmt.Fprintf(os.Stderr, "%s: frozen state files (-%c) are not supported\n", prog, o.short)
			os.Exit(1)
		case 'B', 'S', 'T':
			fmt.Fprintf(os.Stderr, "%s: warning: `m4 -%c' may be removed in a future release\n", prog, o.short)
		case 'N':
			fmt.Fprintf(os.Stderr, "%s: warning: `m4 -N' is deprecated\n", prog)
		case 'W':
			if val == "" { // an empty expression turns the warnings off
				opt.WarnMacroSequence = nil
				return
			}
			if msg := m4.CheckMacroSequence(val); msg != "" {
				fmt.Fprintf(os.Stderr, "%s: %s\n", prog, msg)
				os.Exit(1)
			}
			v := val
			opt.WarnMacroSequence = &v
		case 'h':
			os.Stdout.WriteString(strings.ReplaceAll(help, "PROG", prog))
			os.Exit(0)
		case 'v':
			os.Stdout.WriteString(version)
			os.Exit(0)
		}
	}
	args := os.Args[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			for _, f := range args[i+1:] {
				actions = append(actions, m4.Action{Kind: 'F', Name: f})
			}
			i = len(args)
		case strings.HasPrefix(a, "--"):
			name, val, hasVal := strings.Cut(a[2:], "=")
			o, err := findLong(name)
			if err != "" {
				if err == "unrecognized" {
					usageErr("unrecognized option '%s'", a)
				}
				usageErr("option '--%s' is ambiguous; possibilities:%s", name, err)
			}
			switch {
			case o.arg == 0 && hasVal:
				usageErr("option '--%s' doesn't allow an argument", o.long)
			case o.arg == 1 && !hasVal:
				if i+1 >= len(args) {
					usageErr("option '--%s' requires an argument", o.long)
				}
				i++
				val = args[i]
			case o.arg == 2 && !hasVal && o.short == 'f':
				val = "-" // --debugfile alone: back to standard error
			case o.arg == 2 && !hasVal && o.short == 'W':
				val = m4.DefaultMacroSequence
			}
			handle(o, val)
		case len(a) > 1 && a[0] == '-':
			for j := 1; j < len(a); j++ {
				o, ok := findShort(a[j])
				if !ok {
					usageErr("invalid option -- '%c'", a[j])
				}
				val := ""
				if o.arg > 0 {
					val = a[j+1:]
					if o.arg == 1 && val == "" {
						if i+1 >= len(args) {
							usageErr("option requires an argument -- '%c'", a[j])
						}
						i++
						val = args[i]
					}
					j = len(a)
				}
				handle(o, val)
			}
		default:
			actions = append(actions, m4.Action{Kind: 'F', Name: a})
		}
	}
	os.Exit(m4.New(opt).Run(actions))
}

func findShort(c byte) (option, bool) {
	for _, o := range options {
		if o.short == c && c != 'f' && c != 'h' && c != 'v' && c != 'W' {
			return o, true
		}
	}
	return option{}, false
}

// findLong resolves a long option name or unique prefix; err is
// "unrecognized" or the list of ambiguous candidates.
func findLong(name string) (option, string) {
	var cands []option
	for _, o := range options {
		if o.long == "" {
			continue
		}
		if o.long == name {
			return o, ""
		}
		if strings.HasPrefix(o.long, name) {
			cands = append(cands, o)
		}
	}
	if len(cands) == 0 {
		return option{}, "unrecognized"
	}
	same := true
	for _, c := range cands[1:] {
		if c.short != cands[0].short {
			same = false
		}
	}
	if same {
		return cands[0], ""
	}
	var b strings.Builder
	for _, c := range cands {
		b.WriteString(" '--" + c.long + "'")
	}
	return option{}, b.String()
}

const help = `Usage: PROG [OPTION]... [FILE]...
Process macros in FILEs.  If no FILE or if FILE is ` + "`-'" + `, standard input
is read.

Mandatory or optional arguments to long options are mandatory or optional
for short options too.

Operation modes:
      --help                   display this help and exit
      --version                output version information and exit
  -E, --fatal-warnings         once: warnings become errors, twice: stop
                                 execution at first error
  -i, --interactive            unbuffer output, ignore interrupts
  -P, --prefix-builtins        force a ` + "`m4_'" + ` prefix to all builtins
  -Q, --quiet, --silent        suppress some warnings for builtins

Preprocessor features:
  -D, --define=NAME[=VALUE]    define NAME as having VALUE, or empty
  -I, --include=DIRECTORY      append DIRECTORY to include path
  -s, --synclines              generate ` + "`#line NUM \"FILE\"'" + ` lines
  -U, --undefine=NAME          undefine NAME

Limits control:
  -g, --gnu                    override -G to re-enable GNU extensions
  -G, --traditional            suppress all GNU extensions
  -L, --nesting-limit=NUMBER   change nesting limit, 0 for unlimited [0]

Debugging:
  -d, --debug[=FLAGS]          set debug level (no FLAGS implies ` + "`aeq'" + `)
      --debugfile[=FILE]       redirect debug and trace output to FILE
                                 (default stderr, discard if empty string)
  -l, --arglength=NUM          restrict macro tracing size
  -t, --trace=NAME             trace NAME when it is defined

Frozen state files (-F, -R) are not supported.
`
