package m4

import (
	"io"
	"os"
	"strings"
	"testing"
)

// loopM4 expands 200,000 macros with arguments: add, ifelse, decr and the
// recursive loop itself, 66,000 of each kind.
const loopM4 = "define(`add', `eval($1 + $2)')dnl\n" +
	"define(`loop', `ifelse($1, 0, `', `add($1, 1)`'loop(decr($1))')')dnl\n" +
	"define(`big', `loop(1000)')dnl\n" +
	"define(`rep', `ifelse($1, 0, `', `big`'rep(decr($1))')')dnl\n" +
	"rep(50)\n"

func runString(src string) int {
	in := New(Options{Stdout: io.Discard, Stderr: io.Discard, Stdin: strings.NewReader(src)})
	return in.Run(nil)
}

func BenchmarkLoop(b *testing.B) {
	for i := 0; i < b.N; i++ {
		runString(loopM4)
	}
}

// BenchmarkSendmailCF compiles generic-linux.mc with sendmail's cf tree
// (without the makeinfo shell escape, which only measures /bin/sh).
func BenchmarkSendmailCF(b *testing.B) {
	cf := "/usr/share/sendmail/cf/"
	if _, err := os.Stat(cf + "m4/cf.m4"); err != nil {
		b.Skip("sendmail-cf is not installed")
	}
	for i := 0; i < b.N; i++ {
		in := New(Options{Stdout: io.Discard, Stderr: io.Discard})
		in.Run([]Action{{Kind: 'D', Name: "_NO_MAKEINFO_"}, {Kind: 'F', Name: cf + "m4/cf.m4"}, {Kind: 'F', Name: cf + "cf/generic-linux.mc"}})
	}
}
