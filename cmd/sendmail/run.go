package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gosendmail/gosendmail/maps"
	"github.com/gosendmail/gosendmail/ruleset"
)

const defaultCF = "/etc/mail/sendmail.cf"

// compiledWith is what -d0.1 prints after the version.
const compiledWith = " Compiled with: GOSENDMAIL MAP_REGEX NETINET NETINET6 NETUNIX SOCKETMAP\n"

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	opts, operands, err := parseFlags(args)
	if err != nil {
		fmt.Fprintf(stderr, "sendmail: %v\n", err)
		fmt.Fprint(stderr, usage())
		return 64
	}
	mode := "m"
	cf := defaultCF
	debug := []string{}
	var setOpts []string // "O Name=value" or "Oxvalue" lines applied after the file
	for _, o := range opts {
		switch o.letter {
		case 'b':
			mode = o.arg
		case 'C':
			cf = o.arg
		case 'd':
			debug = append(debug, o.arg)
		case 'O':
			setOpts = append(setOpts, "O "+o.arg)
		case 'o':
			setOpts = append(setOpts, "O"+o.arg)
		}
	}
	for _, d := range debug {
		if d == "0.1" || strings.HasPrefix(d, "0.") || d == "0" {
			fmt.Fprintf(stdout, "Version %s\n%s", ruleset.Version, compiledWith)
		}
	}
	switch mode {
	case "t":
		c, err := ruleset.Read(cf, ruleset.ReadOptions{Out: stdout, TestMode: true, ExtraLines: setOpts})
		if err != nil {
			msg := err.Error()
			if pe, ok := err.(*os.PathError); ok {
				msg = pe.Err.Error()
				if msg != "" {
					msg = strings.ToUpper(msg[:1]) + msg[1:]
				}
			}
			fmt.Fprintf(stdout, "%s: line 0: cannot open: %s\n", cf, msg)
			return 72
		}
		c.TestMode(stdin, stdout)
		if c.Errors > 0 {
			return 70
		}
		return 0
	case "i":
		o := maps.NewaliasesOptions{Owner: -1, CfFile: cf}
		for _, l := range setOpts {
			if n, v, ok := strings.Cut(strings.TrimPrefix(l, "O "), "="); ok && strings.EqualFold(strings.TrimSpace(n), "AliasFile") {
				o.AliasFiles = append(o.AliasFiles, v)
			}
		}
		o.Owner, o.LocalDomains = maps.CfOwnerAndDomains(cf)
		return maps.Newaliases(o, stdout)
	}
	_ = operands
	fmt.Fprintf(stderr, "sendmail: mode -b%s is not implemented yet\n", mode)
	return 69
}
