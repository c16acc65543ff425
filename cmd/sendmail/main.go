// Command sendmail is the sendmail command line. For now it implements
// address test mode (-bt) over the ruleset package and -bi (newaliases);
// other modes say they are not implemented yet.
package main

import (
	"os"
	"runtime/debug"
)

func main() {
	// a short-lived command: trade memory for fewer collections
	debug.SetGCPercent(400)
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
