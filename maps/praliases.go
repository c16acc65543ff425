package maps

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
)

// PraliasesUsage is praliases' usage message.
const PraliasesUsage = "usage: praliases [-C cffile] [-f aliasfile] [key ...]\n"

// Praliases prints the aliases in the databases of the alias files named
// by the .cf file (or of file, when not empty): every "name:value" pair,
// or those of the given keys. It returns the exit status.
func Praliases(cf, file string, keys []string, stdout, stderr io.Writer) int {
	var dbs []AliasDB
	if file != "" {
		dbs = []AliasDB{{Class: "implicit", Source: file, DB: MapFileName("hash", file)}}
	} else {
		explicit := cf != ""
		if cf == "" {
			cf = DefaultCf
		}
		vals, err := CfOptionValues(cf, "AliasFile", 'A')
		if err != nil {
			if explicit || !errors.Is(err, os.ErrNotExist) {
				fmt.Fprintf(stderr, "praliases: %s: %s\n", cf, Strerror(err))
				return ExNoInput
			}
			vals = []string{"/etc/mail/aliases"}
		}
		for _, v := range vals {
			dbs = append(dbs, ParseAliasFileOption(v)...)
		}
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	for _, a := range dbs {
		db, err := OpenDBFile(a.DB)
		if err != nil {
			out.Flush()
			fmt.Fprintf(stderr, "praliases: %s: open: Unknown database type\n", a.Source)
			continue
		}
		if len(keys) == 0 {
			err = db.Walk(func(k, v []byte) bool {
				out.Write(cstr(k))
				out.WriteByte(':')
				out.Write(cstr(v))
				out.WriteByte('\n')
				return true
			})
		}
		for _, k := range keys {
			v, ok, e := db.Get(append([]byte(k), 0))
			if !ok && e == nil {
				v, ok, e = db.Get([]byte(k))
			}
			if e != nil {
				err = e
				break
			}
			if ok {
				fmt.Fprintf(out, "%s:%s\n", k, cstr(v))
			} else {
				fmt.Fprintf(out, "%s: No such key\n", k)
			}
		}
		db.Close()
		if err != nil {
			out.Flush()
			fmt.Fprintf(stderr, "praliases: %s: %v\n", a.Source, err)
		}
	}
	return ExOK
}
