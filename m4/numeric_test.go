// Tests for numericArg, plus the helpers that run GNU m4 (/usr/bin/m4) as
// the reference for the differential tests of eval, format, regexp and
// patsubst.
package m4

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// numGNUPath is the reference implementation used by the differential tests.
const numGNUPath = "/usr/bin/m4"

// numCase is one call of a builtin: its name and its arguments.
type numCase struct {
	macro string
	args  []string
}

// numBuiltins are GNU m4's builtin macros; the test input undefines all but
// the one under test so that rescanning the output cannot expand anything.
var numBuiltins = strings.Fields(`__file__ __gnu__ __line__ __program__ __unix__ builtin
	changecom debugfile debugmode decr define defn divert divnum dnl dumpdef errprint
	esyscmd eval format ifdef ifelse include incr index indir len m4exit m4wrap maketemp
	mkstemp patsubst popdef pushdef regexp shift sinclude substr syscmd sysval traceoff
	traceon translit unix changequote`)

// numPrefix is the first input line: it disables comments, sets the quotes
// to "\x01<" and ">\x02" (which no test data contains) and undefines every
// builtin but macro. Its newline is the first byte of the output.
func numPrefix(macro string) string {
	var b strings.Builder
	b.WriteString("changecom`'changequote(`\x01<',`>\x02')")
	for _, m := range numBuiltins {
		if m != macro {
			b.WriteString("undefine(\x01<" + m + ">\x02)")
		}
	}
	b.WriteString("undefine(\x01<undefine>\x02)\n")
	return b.String()
}

// numGNUCall is the call of c.macro with its arguments quoted.
func numGNUCall(c numCase) string {
	var b strings.Builder
	b.WriteString(c.macro)
	b.WriteString("(")
	for i, a := range c.args {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\x01<" + a + ">\x02")
	}
	b.WriteString(")")
	return b.String()
}

// numRunGNU runs GNU m4 on one case and returns its stdout and stderr. Runs
// happen with LC_ALL=C so that regular expressions work on bytes, which is
// what regex.go implements.
func numRunGNU(t testing.TB, c numCase) (string, string) {
	cmd := exec.Command(numGNUPath)
	cmd.Args = []string{"m4"} // GNU m4 names itself after argv[0]
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	cmd.Stdin = strings.NewReader(numPrefix(c.macro) + numGNUCall(c))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("running %s: %v", numGNUPath, err)
		}
	}
	return strings.TrimPrefix(out.String(), "\n"), errb.String()
}

// numOurs runs one of our builtins the way the engine does and renders the
// result as GNU m4 would print it: the text on stdout and each diagnostic as
// "m4:stdin:2: MSG\n" on stderr (line 2 because of the changequote line).
func numOurs(fn func([]string, func(string)) string, c numCase) (string, string) {
	var errb strings.Builder
	out := fn(c.args, func(msg string) { errb.WriteString("m4:stdin:2: " + msg + "\n") })
	return out, errb.String()
}

// numSkipNoGNU skips the test when the reference is not installed.
func numSkipNoGNU(t testing.TB) {
	if _, err := os.Stat(numGNUPath); err != nil {
		t.Skipf("GNU m4 reference %s not installed (%v); differential test skipped", numGNUPath, err)
	}
}

// numSep separates the outputs of the cases of one batch.
const numSep = "\x03\x04\x03"

// numRunGNUBatch runs many cases (none with a newline in its arguments) in
// one GNU m4 process (all for the same macro), one per line, and splits
// stdout and stderr per case; stderr lines are renumbered as if each case
// ran alone. ok is false when GNU m4 printed something unexpected (such as
// "memory exhausted" from its regex engine, which ends the process).
func numRunGNUBatch(t testing.TB, cs []numCase) (outs, errs []string, ok bool) {
	var in strings.Builder
	in.WriteString(numPrefix(cs[0].macro))
	for _, c := range cs {
		in.WriteString(numGNUCall(c) + numSep + "\n")
	}
	cmd := exec.Command(numGNUPath)
	cmd.Args = []string{"m4"}
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	cmd.Stdin = strings.NewReader(in.String())
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("running %s: %v", numGNUPath, err)
		}
	}
	outs = strings.Split(strings.TrimPrefix(out.String(), "\n"), numSep+"\n")
	if len(outs) != len(cs)+1 {
		return nil, nil, false
	}
	errs = make([]string, len(cs))
	for _, line := range strings.SplitAfter(errb.String(), "\n") {
		if line == "" {
			continue
		}
		var n int
		rest, ok := strings.CutPrefix(line, "m4:stdin:")
		if k := strings.IndexByte(rest, ':'); ok && k > 0 {
			n, _ = strconv.Atoi(rest[:k])
			rest = rest[k:]
		}
		if n < 2 || n-2 >= len(cs) {
			return nil, nil, false
		}
		errs[n-2] += "m4:stdin:2" + rest
	}
	return outs[:len(cs)], errs, true
}

// numDiffGNU compares fn with GNU m4 on every case (every 7th with -short).
func numDiffGNU(t *testing.T, fn func([]string, func(string)) string, cases []numCase) {
	numSkipNoGNU(t)
	if testing.Short() {
		var some []numCase
		for i := 0; i < len(cases); i += 7 {
			some = append(some, cases[i])
		}
		cases = some
	}
	gOut := make([]string, len(cases))
	gErr := make([]string, len(cases))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	var batch []int
	flush := func(idx []int) {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			cs := make([]numCase, len(idx))
			for j, i := range idx {
				cs[j] = cases[i]
			}
			if len(idx) > 1 {
				if outs, errs, ok := numRunGNUBatch(t, cs); ok {
					for j, i := range idx {
						gOut[i], gErr[i] = outs[j], errs[j]
					}
					return
				}
			}
			for j, i := range idx {
				gOut[i], gErr[i] = numRunGNU(t, cs[j])
			}
		}()
	}
	for i, c := range cases {
		if strings.Contains(strings.Join(c.args, ""), "\n") {
			flush([]int{i})
			continue
		}
		batch = append(batch, i)
		if len(batch) == 2000 {
			flush(batch)
			batch = nil
		}
	}
	if len(batch) > 0 {
		flush(batch)
	}
	wg.Wait()
	fails, skipped := 0, 0
	for i, c := range cases {
		if strings.Contains(gErr[i], "memory exhausted") {
			skipped++ // GNU regex gave up; nothing sensible to compare
			continue
		}
		out, errs := numOurs(fn, c)
		if out != gOut[i] || errs != gErr[i] {
			fails++
			if fails <= 40 {
				t.Errorf("%s(%q):\n  got  out=%q err=%q\n  want out=%q err=%q",
					c.macro, c.args, out, errs, gOut[i], gErr[i])
			}
		}
	}
	if skipped > 0 {
		t.Logf("%d cases skipped: GNU m4 ran out of memory on them", skipped)
	}
	if fails > 0 {
		t.Errorf("%d of %d cases differ from GNU m4", fails, len(cases))
	}
}

// numIncr emulates incr on top of numericArg, as the engine does.
func numIncr(args []string, diag func(string)) string {
	n, ok := numericArg("incr", args[0], diag)
	if !ok {
		return ""
	}
	return strconv.Itoa(int(int32(n) + 1))
}

func TestNumericArg(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		ok   bool
		diag string
	}{
		{"", 0, true, "empty string treated as 0 in builtin `incr'"},
		{"5", 5, true, ""},
		{"+5", 5, true, ""},
		{"-5", -5, true, ""},
		{"010", 10, true, ""},
		{" 5", 5, true, "leading whitespace ignored in builtin `incr'"},
		{"\t\n\v\f\r-7", -7, true, "leading whitespace ignored in builtin `incr'"},
		{"5 ", 0, false, "non-numeric argument to builtin `incr'"},
		{" ", 0, false, "non-numeric argument to builtin `incr'"},
		{"+", 0, false, "non-numeric argument to builtin `incr'"},
		{"-", 0, false, "non-numeric argument to builtin `incr'"},
		{"+ 5", 0, false, "non-numeric argument to builtin `incr'"},
		{"0x10", 0, false, "non-numeric argument to builtin `incr'"},
		{"5a", 0, false, "non-numeric argument to builtin `incr'"},
		{"2147483647", 2147483647, true, ""},
		{"2147483648", -2147483648, true, ""},
		{"4294967296", 0, true, ""},
		{"99999999999", 1215752191, true, ""},
		{"9223372036854775807", -1, true, ""},
		{"9223372036854775808", -1, true, "numeric overflow detected in builtin `incr'"},
		{"-9223372036854775808", 0, true, ""},
		{"-9223372036854775809", 0, true, "numeric overflow detected in builtin `incr'"},
		{" 99999999999999999999", -1, true, "leading whitespace ignored in builtin `incr'"},
		{"7\x00junk", 7, true, ""},
		{"\x00", 0, true, "empty string treated as 0 in builtin `incr'"},
	}
	for _, tc := range tests {
		var got []string
		n, ok := numericArg("incr", tc.in, func(m string) { got = append(got, m) })
		want := []string(nil)
		if tc.diag != "" {
			want = []string{tc.diag}
		}
		if n != tc.n || ok != tc.ok || strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("numericArg(%q) = %d, %v, %q; want %d, %v, %q", tc.in, n, ok, got, tc.n, tc.ok, want)
		}
	}
}

func TestNumericGNU(t *testing.T) {
	ins := []string{"", "0", "5", "+5", "-5", "010", " 5", "\t-5", "\n5", "5 ", " ", "+", "-",
		"+ 5", "0x10", "5a", "a", "2147483647", "2147483648", "-2147483648", "-2147483649",
		"4294967295", "4294967296", "99999999999", "9223372036854775807",
		"9223372036854775808", "-9223372036854775808", "-9223372036854775809",
		"99999999999999999999", "-99999999999999999999", " 99999999999999999999",
		"\v5", "\f5", "\r5", "00000000000000000000000000000001", "1\x00", "--1", "1e3", "١"}
	var cases []numCase
	for _, in := range ins {
		cases = append(cases, numCase{"incr", []string{in}})
	}
	numDiffGNU(t, numIncr, cases)
}
