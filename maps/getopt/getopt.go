// Package getopt parses command lines the way glibc's getopt(3) does:
// clustered single-letter options ("-Nf"), option arguments attached or in
// the next word ("-t:" or "-t :"), operands and options in any order unless
// POSIXLY_CORRECT is set or the option string starts with '+', and "--"
// ending the options. Its error messages are glibc's.
package getopt

import (
	"fmt"
	"os"
	"strings"
)

// Opt is one parsed option.
type Opt struct {
	Name byte
	Arg  string
}

// Parse parses args (without the program name) against optstring, where a
// letter followed by ':' takes an argument. It returns the options in order
// and the operands; on an error, the message names prog as glibc does.
func Parse(prog, optstring string, args []string) (opts []Opt, operands []string, err error) {
	permute := os.Getenv("POSIXLY_CORRECT") == ""
	if strings.HasPrefix(optstring, "+") {
		permute = false
		optstring = optstring[1:]
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			operands = append(operands, args[i+1:]...)
			return opts, operands, nil
		}
		if len(a) < 2 || a[0] != '-' {
			if !permute {
				operands = append(operands, args[i:]...)
				return opts, operands, nil
			}
			operands = append(operands, a)
			continue
		}
		for j := 1; j < len(a); j++ {
			c := a[j]
			k := strings.IndexByte(optstring, c)
			if k < 0 || c == ':' {
				return opts, operands, fmt.Errorf("%s: invalid option -- '%c'", prog, c)
			}
			if k+1 < len(optstring) && optstring[k+1] == ':' {
				if j+1 < len(a) {
					opts = append(opts, Opt{c, a[j+1:]})
				} else if i+1 < len(args) {
					i++
					opts = append(opts, Opt{c, args[i]})
				} else {
					return opts, operands, fmt.Errorf("%s: option requires an argument -- '%c'", prog, c)
				}
				break
			}
			opts = append(opts, Opt{c, ""})
		}
	}
	return opts, operands, nil
}
