package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gosendmail/gosendmail/cf"
	"github.com/gosendmail/gosendmail/maps"
	"github.com/gosendmail/gosendmail/ruleset"
)

const defaultCF = "/etc/mail/sendmail.cf"

// compiledWith is what -d0.1 prints after the version.
const compiledWith = " Compiled with: GOSENDMAIL MAP_REGEX NETINET NETINET6 NETUNIX SOCKETMAP\n"

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runAs("sendmail", args, stdin, stdout, stderr)
}

// readConfig reads the .cf: the text a .mc or the built-in
// configuration compiled to when there is one, else the file.
func readConfig(cfName string, cfText []byte, ro ruleset.ReadOptions) (*ruleset.Config, error) {
	if cfText != nil {
		return ruleset.ReadFrom(bytes.NewReader(cfText), cfName, ro), nil
	}
	return ruleset.Read(cfName, ro)
}

// argv0 is the program name sendmail's messages start with, as the
// caller ran it.
var argv0 = "sendmail"

// runAs is run under the name sendmail was called by: newaliases,
// mailq, hoststat and purgestat are -bi, -bp, -bh and -bH.
func runAs(name string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	opts, operands, err := parseFlags(args)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", argv0, err)
		return 64
	}
	mode := "m"
	switch name {
	case "newaliases":
		mode = "i"
	case "mailq":
		mode = "p"
	case "hoststat":
		mode = "h"
	case "purgestat":
		mode = "H"
	}
	cfName := defaultCF
	debug := []string{}
	var setOpts []string // "O Name=value" or "Oxvalue" lines applied after the file
	for _, o := range opts {
		switch o.letter {
		case 'b':
			mode = o.arg
		case 'C':
			cfName = o.arg
		case 'A':
			if o.arg == "c" && !hasFlag(opts, 'C') {
				cfName = submitCF
			}
		case 'q':
			if mode == "m" {
				mode = "q"
			}
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
	// -C file.mc: compile it now, so that no stale .cf is run
	var cfText []byte
	if name, ok := strings.CutPrefix(cfName, cf.EmbeddedPrefix); ok {
		// the built-in configuration, its directories under ./var
		text, err := cf.Embedded(strings.TrimSuffix(name, ".mc"), "var")
		if err != nil {
			fmt.Fprintf(stderr, "sendmail: %v\n", err)
			return exConfig
		}
		cfText = text
	} else if cf.IsMC(cfName) {
		errW := stderr
		if mode == "t" {
			errW = stdout // test mode prints configuration errors there
		}
		text, code := compileMC(cfName, errW, stderr)
		if code != 0 {
			return code
		}
		cfText = text
	}
	switch mode {
	case "t":
		ro := ruleset.ReadOptions{Out: stdout, TestMode: true, ExtraLines: setOpts, Debug: debug}
		c, err := readConfig(cfName, cfText, ro)
		if err != nil {
			cannotOpen(stdout, cfName, err)
			return exOSFile
		}
		c.TestMode(stdin, stdout)
		if c.Errors > 0 {
			return 70
		}
		return 0
	case "i":
		path := cfName
		if cfText != nil {
			// the aliases code reads options from a file: give it one
			f, err := os.CreateTemp("", "sendmail-*.cf")
			if err != nil {
				fmt.Fprintf(stderr, "sendmail: %v\n", err)
				return exOSFile
			}
			defer os.Remove(f.Name())
			_, err = f.Write(cfText)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				fmt.Fprintf(stderr, "sendmail: %v\n", err)
				return exOSFile
			}
			path = f.Name()
		}
		o := maps.NewaliasesOptions{Owner: -1, CfFile: path}
		for _, l := range setOpts {
			if n, v, ok := strings.Cut(strings.TrimPrefix(l, "O "), "="); ok && strings.EqualFold(strings.TrimSpace(n), "AliasFile") {
				o.AliasFiles = append(o.AliasFiles, v)
			}
		}
		o.Owner, o.LocalDomains = maps.CfOwnerAndDomains(path)
		return maps.Newaliases(o, stdout)
	}
	return runMTA(mode, cfName, cfText, opts, operands, setOpts, debug, stdin, stdout, stderr)
}

func hasFlag(opts []opt, c byte) bool {
	for _, o := range opts {
		if o.letter == c {
			return true
		}
	}
	return false
}
