package main

import (
	"fmt"
)

// flagSpec describes one of sendmail's letter flags.
type flagSpec struct {
	letter byte
	arg    bool // takes an argument (attached or the next word)
	help   string
}

// flagTable lists the flags sendmail 8.17 accepts.
var flagTable = []flagSpec{
	{'A', true, "use submit.cf (c) or sendmail.cf (m)"},
	{'B', true, "body type"},
	{'b', true, "operation mode"},
	{'C', true, "configuration file"},
	{'c', false, "hold expensive connections"},
	{'D', true, "debug output file"},
	{'d', true, "debug flags"},
	{'e', true, "error mode"},
	{'F', true, "full name of the sender"},
	{'f', true, "envelope sender"},
	{'G', false, "relay (gateway) submission"},
	{'h', true, "hop count"},
	{'i', false, "ignore dots"},
	{'L', true, "syslog tag"},
	{'M', true, "set a macro"},
	{'m', false, "me too"},
	{'N', true, "DSN notification"},
	{'n', false, "no aliasing"},
	{'O', true, "set a long option (Name=value)"},
	{'o', true, "set a short option (Xvalue)"},
	{'p', true, "protocol and host"},
	{'Q', true, "quarantine"},
	{'q', true, "queue run"},
	{'R', true, "DSN return"},
	{'r', true, "envelope sender (old form)"},
	{'s', false, "save From lines"},
	{'T', true, "queue timeout"},
	{'t', false, "recipients from the headers"},
	{'U', false, "initial user submission"},
	{'V', true, "envelope id"},
	{'v', false, "verbose"},
	{'X', true, "traffic log file"},
}

// optionalArg lists flags whose argument may be absent (-q, -bX...).
var optionalArg = map[byte]bool{'q': true, 'd': false}

type opt struct {
	letter byte
	arg    string
}

// parseFlags splits sendmail's command line into flags and operands.
func parseFlags(args []string) ([]opt, []string, error) {
	var opts []opt
	i := 0
	for i < len(args) {
		a := args[i]
		if a == "--" {
			i++
			break
		}
		if len(a) < 2 || a[0] != '-' {
			break
		}
		i++
		for j := 1; j < len(a); j++ {
			spec := findFlag(a[j])
			if spec == nil {
				return nil, nil, fmt.Errorf("illegal option -- %c", a[j])
			}
			if !spec.arg {
				opts = append(opts, opt{letter: a[j]})
				continue
			}
			v := a[j+1:]
			if v == "" && !optionalArg[a[j]] {
				if i >= len(args) {
					return nil, nil, fmt.Errorf("option requires an argument -- %c", a[j])
				}
				v = args[i]
				i++
			}
			opts = append(opts, opt{letter: a[j], arg: v})
			break
		}
	}
	return opts, args[i:], nil
}

func findFlag(c byte) *flagSpec {
	for i := range flagTable {
		if flagTable[i].letter == c {
			return &flagTable[i]
		}
	}
	return nil
}
