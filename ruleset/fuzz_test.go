package ruleset

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

// FuzzRewrite feeds random rules (as R lines of ruleset 3 and a second
// ruleset) and random test-mode input to the reader, the tokenizer and
// the engine: no panic, no hang, and the same answers with the engine's
// free list of token arrays as without (an array given back while still
// in use would change them).
func FuzzRewrite(f *testing.F) {
	f.Add("$* < @ $+ > $*\t$@ $1 < @ $2 . > $3\n$+ @ $+\t$: $1 < @ $2 >", "3 user@far.example\n3,4 a<b>c")
	f.Add("$* $=w $*\t$: $1 local $3\n$- $~w\t$#smtp $@ $2 $: $1", "3 a b c\n=S3\n=M\n$=w")
	f.Add("$*\t$: $>4 $1\n$+ + $+\t$: $(arith + $@ $1 $@ $2 $: none $)", "3 1 + 2\n4 x\n.Dxval\n3 $&x")
	f.Add("$* $&x $*\t$: $2 $1\n$@\t$: empty\n$* $| $*\t$: $2 $| $1", "3 \"quoted\" (comment) <angle>\n/parse a@b\n/try local x")
	f.Add("$*\t$: $1 $1\n$+\t$>3 $1", "3 a")
	f.Fuzz(func(t *testing.T, rules, input string) {
		if len(rules) > 4000 || len(input) > 4000 {
			return
		}
		var cf strings.Builder
		cf.WriteString("V10\nO OperatorChars=.:%@!^/[]+\nKarith arith\nMlocal, P=/bin/true, F=lsDFMAw5:/|@q, A=x $u\nS3\n")
		for i, l := range strings.Split(rules, "\n") {
			if i == 3 {
				cf.WriteString("S4\n")
			}
			cf.WriteString("R" + l + "\n")
		}
		run := func(pool bool) string {
			var out bytes.Buffer
			done := make(chan struct{})
			go func() {
				defer close(done)
				c := ReadFrom(strings.NewReader(cf.String()), "fuzz.cf", ReadOptions{
					Out: io.Discard, TestMode: true, HostName: "mx.example.com",
					NodeName: "mx.example.com", NoInterfaces: true, StepLimit: 20000,
				})
				c.noTokPool = !pool
				c.TestMode(strings.NewReader(input), &out)
			}()
			select {
			case <-done:
			case <-time.After(2 * time.Second):
				t.Fatalf("hang on rules %q input %q", rules, input)
			}
			return out.String()
		}
		if with, without := run(true), run(false); with != without {
			t.Fatalf("rules %q input %q: with the free list\n%s\nwithout\n%s", rules, input, with, without)
		}
	})
}
