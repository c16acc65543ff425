// Command makemap builds the database files of sendmail's keyed maps from
// text on standard input, or dumps one (-u). See package maps.
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/gosendmail/gosendmail/maps"
	"github.com/gosendmail/gosendmail/maps/getopt"
)

func main() {
	opts, args, err := getopt.Parse(os.Args[0], "C:D:Nc:defi:lorst:uvx", os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		usage()
	}
	var c maps.MakemapConfig
	for _, o := range opts {
		switch o.Name {
		case 'C':
			c.CfFile = o.Arg
		case 'D':
			if o.Arg == "" {
				fmt.Fprintln(os.Stderr, "Invalid comment character")
			} else {
				c.Comment = o.Arg[0]
			}
		case 'N':
			c.InclNull = true
		case 'c':
			strconv.Atoi(o.Arg) // the cache size has no meaning for CDB
		case 'd':
			c.AllowDups = true
		case 'e':
			c.AllowEmpty = true
		case 'f':
			c.NoFold = true
		case 'i':
			c.Fallback = o.Arg
		case 'l':
			maps.ListTypes(os.Stdout, false)
			os.Exit(maps.ExOK)
		case 'x':
			maps.ListTypes(os.Stdout, true)
			os.Exit(maps.ExOK)
		case 'o':
			c.Append = true
		case 'r':
			c.Replace = true
		case 's':
			c.NoSafety = true
		case 't':
			if o.Arg == "" {
				fmt.Fprintln(os.Stderr, "Invalid separator")
			} else {
				c.Sep = o.Arg[0]
			}
		case 'u':
			c.Dump = true
		case 'v':
			c.Verbose = true
		}
	}
	if len(args) != 2 {
		usage()
	}
	c.Type, c.MapName = args[0], args[1]
	os.Exit(maps.Makemap(c, os.Stdin, os.Stdout, os.Stderr))
}

func usage() {
	fmt.Fprint(os.Stderr, maps.MakemapUsage)
	os.Exit(maps.ExUsage)
}
