// Command praliases prints the alias databases sendmail uses (see package
// maps): every "name:value" pair, or those of the keys given.
package main

import (
	"fmt"
	"os"

	"github.com/gosendmail/gosendmail/maps"
	"github.com/gosendmail/gosendmail/maps/getopt"
)

func main() {
	opts, keys, err := getopt.Parse(os.Args[0], "C:f:", os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		fmt.Fprint(os.Stderr, maps.PraliasesUsage)
		os.Exit(maps.ExUsage)
	}
	var cf, file string
	for _, o := range opts {
		switch o.Name {
		case 'C':
			cf = o.Arg
		case 'f':
			file = o.Arg
		}
	}
	os.Exit(maps.Praliases(cf, file, keys, os.Stdout, os.Stderr))
}
