// Command mc2cf compiles a sendmail .mc file into a sendmail.cf with
// gosendmail's own cf macro library (package cf), printing it on standard
// output.
//
//	mc2cf [--cf-dir DIR] [-D NAME[=VALUE]] [-I DIR] file.mc ...
//
// --cf-dir DIR uses the cf tree in DIR (for example /usr/share/sendmail/cf)
// instead of the bundled library; -D and -I are m4's.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/gosendmail/gosendmail/cf"
	"github.com/gosendmail/gosendmail/m4"
)

const usage = "usage: mc2cf [--cf-dir DIR] [-D NAME[=VALUE]] [-I DIR] file.mc ..."

func main() {
	opt := cf.Options{Stdout: os.Stdout, Stderr: os.Stderr, Program: "mc2cf"}
	var files []string
	args := os.Args[1:]
	fail := func(format string, a ...any) {
		fmt.Fprintf(os.Stderr, "mc2cf: "+format+"\n", a...)
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
	// value returns the argument of option name: attached (-DX, --cf-dir=X)
	// or the next word.
	value := func(i *int, arg, name string) string {
		if v, ok := strings.CutPrefix(arg, name); ok && v != "" {
			return strings.TrimPrefix(v, "=")
		}
		if *i+1 >= len(args) {
			fail("option %s needs an argument", name)
		}
		*i++
		return args[*i]
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			files = append(files, args[i+1:]...)
			i = len(args)
		case a == "-h" || a == "--help":
			fmt.Println(usage)
			return
		case strings.HasPrefix(a, "--cf-dir"):
			opt.CfDir = value(&i, a, "--cf-dir")
		case strings.HasPrefix(a, "-D"):
			name, val, _ := strings.Cut(value(&i, a, "-D"), "=")
			opt.Defines = append(opt.Defines, m4.Action{Kind: 'D', Name: name, Value: val})
		case strings.HasPrefix(a, "-I"):
			opt.IncludePath = append(opt.IncludePath, value(&i, a, "-I"))
		case a != "-" && strings.HasPrefix(a, "-"):
			fail("unknown option %s", a)
		default:
			files = append(files, a)
		}
	}
	if len(files) == 0 {
		fail("no .mc file given")
	}
	os.Exit(cf.Compile(opt, files...))
}
