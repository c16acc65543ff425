// Command sendmail is the sendmail command line: submission (-bm, -t),
// verification (-bv), the queue (-bp, -q), address test mode (-bt) and
// -bi (newaliases), over the mta, queue and ruleset packages. Called as
// newaliases, mailq, hoststat or purgestat it is -bi, -bp, -bh or -bH.
// The SMTP modes (-bd, -bD, -bs) are not implemented yet.
//
// In every mode, -C file.mc compiles the .mc with the bundled cf library
// (package cf) in memory and runs the result, so that no stale .cf is left
// to forget. A .mc that does not compile stops sendmail with EX_CONFIG (78)
// and its diagnostics, each given as "file.mc: line N: message" with the
// line of the .mc it comes from; warnings go to standard error.
package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
)

func main() {
	// a short-lived command: trade memory for fewer collections
	debug.SetGCPercent(400)
	argv0 = os.Args[0]
	os.Exit(runAs(filepath.Base(os.Args[0]), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
