// Command newaliases rebuilds the alias databases named by the AliasFile
// option of sendmail.cf, as sendmail -bi does (see package maps).
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/gosendmail/gosendmail/maps"
	"github.com/gosendmail/gosendmail/maps/getopt"
)

func main() {
	opts, args, err := getopt.Parse(os.Args[0], "C:O:o:v", os.Args[1:])
	if err != nil || len(args) > 0 {
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		fmt.Fprintln(os.Stderr, "usage: newaliases [-C cffile] [-O AliasFile=file]")
		os.Exit(maps.ExUsage)
	}
	o := maps.NewaliasesOptions{Owner: -1}
	for _, opt := range opts {
		switch opt.Name {
		case 'C':
			o.CfFile = opt.Arg
		case 'O':
			if n, v, ok := strings.Cut(opt.Arg, "="); ok && strings.EqualFold(strings.TrimSpace(n), "AliasFile") {
				o.AliasFiles = append(o.AliasFiles, v)
			}
		case 'o':
			if strings.HasPrefix(opt.Arg, "A") {
				o.AliasFiles = append(o.AliasFiles, opt.Arg[1:])
			}
		}
	}
	o.Owner, o.LocalDomains = maps.CfOwnerAndDomains(o.CfFile)
	os.Exit(maps.Newaliases(o, os.Stdout))
}
