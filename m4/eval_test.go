// Tests for eval: a table of expected results and diagnostics, a
// differential test against GNU m4 and the FuzzEval target.
package m4

import (
	"math/rand"
	"strings"
	"testing"
)

// evalCall runs m4eval and returns its output and diagnostics joined by "|".
func evalCall(args ...string) (string, string) {
	var d []string
	out := m4eval(args, func(m string) { d = append(d, m) })
	return out, strings.Join(d, "|")
}

func TestEvalTable(t *testing.T) {
	tests := []struct {
		args      []string
		out, diag string
	}{
		{[]string{"1+2*3"}, "7", ""},
		{[]string{"2**3**2"}, "512", ""},
		{[]string{"-2**2"}, "4", ""},
		{[]string{"(-2)**31"}, "-2147483648", ""},
		{[]string{"3**40"}, "689956897", ""},
		{[]string{"-2147483648/-1"}, "-2147483648", ""},
		{[]string{"-2147483648%-1"}, "0", ""},
		{[]string{"-7%2"}, "-1", ""},
		{[]string{"1<<33"}, "2", ""},
		{[]string{"1<<-1"}, "-2147483648", ""},
		{[]string{"-8>>33"}, "-4", ""},
		{[]string{"0x1F+0b11+017+0r36:zz"}, "1344", ""},
		{[]string{"0r1:00111"}, "3", ""},
		{[]string{"4294967297"}, "1", ""},
		{[]string{"!0 + ~0"}, "0", ""},
		{[]string{"1 < 2 == 1 & 3"}, "1", ""},
		{[]string{"1||1/0"}, "1", ""},
		{[]string{"0&&1%0"}, "0", ""},
		{[]string{"1||1/0||0"}, "1", ""},
		{[]string{""}, "0", "empty string treated as 0 in builtin `eval'"},
		{[]string{"1/0"}, "", "divide by zero in eval: 1/0"},
		{[]string{"0**0"}, "", "divide by zero in eval: 0**0"},
		{[]string{"1%0"}, "", "modulo by zero in eval: 1%0"},
		{[]string{"2**-1"}, "", "negative exponent in eval: 2**-1"},
		{[]string{"1+"}, "", "bad expression in eval: 1+"},
		{[]string{"a"}, "", "bad expression in eval: a"},
		{[]string{" "}, "", "bad expression in eval:  "},
		{[]string{"1+a"}, "", "bad expression in eval (bad input): 1+a"},
		{[]string{"1?2:3"}, "", "bad expression in eval (bad input): 1?2:3"},
		{[]string{"(1"}, "", "bad expression in eval (missing right parenthesis): (1"},
		{[]string{"1 2"}, "", "bad expression in eval (excess input): 1 2"},
		{[]string{"1||1/0+2"}, "", "bad expression in eval (excess input): 1||1/0+2"},
		{[]string{"1+=2"}, "", "invalid operator in eval: 1+=2"},
		{[]string{"--1"}, "", "invalid operator in eval: --1"},
		{[]string{"1>>=2"}, "", "invalid operator in eval: 1>>=2"},
		{[]string{"1=1"}, "1", "Warning: recommend ==, not =, for equality operator"},
		{[]string{"1=1/0"}, "", "divide by zero in eval: 1=1/0"},
		{[]string{"1\x00+"}, "1", ""},
		{[]string{"255", "16"}, "ff", ""},
		{[]string{"-255", "16", "5"}, "-000ff", ""},
		{[]string{"5", "1", "8"}, "00011111", ""},
		{[]string{"0", "1", "0"}, "", ""},
		{[]string{"0", "1"}, "0", ""},
		{[]string{"-2147483648", "36"}, "-zik0zk", ""},
		{[]string{"10", "37"}, "", "radix 37 in builtin `eval' out of range"},
		{[]string{"10", "0"}, "", "radix 0 in builtin `eval' out of range"},
		{[]string{"10", "a"}, "", "non-numeric argument to builtin `eval'"},
		{[]string{"10", ""}, "10", ""},
		{[]string{"10", "10", ""}, "10", "empty string treated as 0 in builtin `eval'"},
		{[]string{"10", "10", "-1"}, "", "negative width to builtin `eval'"},
		{[]string{"1/0", "10", "-1"}, "", "negative width to builtin `eval'"},
		{[]string{"", "", ""}, "0", "empty string treated as 0 in builtin `eval'|empty string treated as 0 in builtin `eval'"},
	}
	for _, tc := range tests {
		out, diag := evalCall(tc.args...)
		if out != tc.out || diag != tc.diag {
			t.Errorf("eval(%q) = %q, %q; want %q, %q", tc.args, out, diag, tc.out, tc.diag)
		}
	}
	if !evalMsgSetsExitStatus("invalid operator in eval: 1+=2") || evalMsgSetsExitStatus("divide by zero in eval: 1/0") {
		t.Error("evalMsgSetsExitStatus misclassifies")
	}
	// The unary radix for the most negative number would print 4 GiB in
	// GNU m4; check the formula on its length only.
	if got := evalFormat(-5, 1, 8); got != "-00011111" {
		t.Errorf("evalFormat(-5,1,8) = %q", got)
	}
}

// evalExprs is the corpus for the differential test.
var evalExprs = []string{
	"1=1", "1==1", "2**3**2", "(-2)**3", "2**-1", "0**0", "0**-1", "-2**2",
	"-2147483648/-1", "-2147483648%-1", "1<<32", "1<<33", "1<<-1", "-8>>1", "-8>>33",
	"1?2:3", "0?1/0:3", "1||1/0", "0&&1/0", "1&&1/0", "0||1/0", "1||(1", "1||)",
	"0x", "0xg", "0b", "0b2", "08", "0r", "0r1:", "0r1:0111", "0r1:1101", "0r37:1",
	"0r36:zz", "0r:1", "0r2:12", "0R16:Ff", "1+", "+", "1 2", "a", "(1", "((1)", "1)",
	"1+=2", "1++2", "1--2", "1-=2", "1*=2", "1/=2", "1%=2", "1&=2", "1|=2", "1^=2",
	"1<<=2", "1>>=2", "1!=2", "!1", "~0", "1,2", "1?2", "1:2", "?", ":",
	"3 <= 4", "4 >= 3", "1 < 2 < 3", "1 == 1 == 1", "5&3", "5^3", "5|3", "!", "~", "-",
	"2147483648", "4294967296", "4294967297", "99999999999999999999", "1/0 + (", " 1",
	"1 ", "1 && 0 || 1", "!0 + 1", "1||(1/0+2)", "1||1/0+2", "0&&1/0*5", "1||1/0||0",
	"1||1/0&&0", "0&&(1%0)", "0&&2**-1", "1||2**-1+3", "1||1/0)", "(1/0", "1/0)",
	"1/0 2", "1=1+", "1=1=1", "1==(2=2)", "0||0&&1/0", "1||0&&1/0", "1/0/0", "1%0",
	"0/0", "5%-3", "-5%3", "-5/3", "2**31", "2**32", "(-1)**-1", "3**40", "--1", "- -1",
	"!!5", "~~5", "-~5", "+-+1", "1<>2", "1=>2", "1=<2", "1!2", "1 &&& 1", "1***2",
	"1 * * 2", "1//2", "(", ")", "()", "(())", "0x7fffffff+1", "0xFFFFFFFF",
	"0b111111111111111111111111111111111", "017777777777", "0r10:12", "0r36:ZZ",
	"0r01:1", "0r001:111", "0r1:01", "0r1:00011", "0r0:1", "0r100:1",
	"0r99999999999999999999999:1", "0r1", "0r1x", "12abc", "0x1g", "1 && a", "1 || a",
	"0&&a", "0 || (1", "1 \t+ 2", "0 && 1 1", "1/0 a", "2**-1 a", "1**=2", "1&&=2",
	"1 =", "1=a", "1=(", " ", "  a", "a b", "(1+=2)", "1+ --1", "(--1)", "1||(2=2)",
	"1=1/0", "1||1=1/0", "-(2)**2", "~1**2", "!0**2", "2**3*2", "2*3**2", "(1))",
	"1 (", "0x 1", ")1", "1 = = 1", "1==", "== 1", "=1", "++1", "+ +1", "!=1",
	"1 | | 1", "1&&(", "1&&()", "1<<1<<1", "1 << 31 >> 31", "-1 >> 32", "16 >> -1",
	"6 % 4 * 2", "10 - 3 - 2", "(-2) ** 32", "1 | 2 ^ 3 & 4", "3 < 2 == 0",
	"1 >= 1 << 1", "0||-5", "-1 && -1", "0b1010", "0X1F", "00", "007", "0r36:z0",
	"0r16:FFFFFFFF", "0r4:33333333333333333", "1\n+2", "\v1", "1\f", "1\r+1",
	"(1 a)", "1 += 2", "(1 += 2)", "1 && 1 += 2", "-a", "(a)", "1+(a)", "1+0r1",
	"(0r1)", "1&&?", "1+)", "1&&-", "+=", "(+=)", "-+=", "(1 2)", "1&&(1 2)",
	"1 =+ 2", "1 <== 2", "1 <<< 2", "1 >== 2", "1 !== 2", "1 === 2", "1 =/ 2",
	"0r1:", "0r2:", "0r36:", "0x0x", "0b0b1", "1e5", "1.5", "$", "@1", "1#",
	"((((((((((1))))))))))", "-(-(-(1)))", "!(1&&0)||0", "0x80000000 >> 31",
	"0x80000000 / -1", "-0x80000000 % -1", "(-3)**3", "7/-2", "0**1", "1**0",
}

func TestEvalGNU(t *testing.T) {
	var cases []numCase
	for _, e := range evalExprs {
		cases = append(cases, numCase{"eval", []string{e}})
	}
	for _, rw := range [][]string{{"255", "16"}, {"255", "16", "5"}, {"-255", "16", "5"},
		{"5", "1"}, {"5", "1", "8"}, {"-5", "1", "8"}, {"0", "1"}, {"0", "1", "3"},
		{"0", "1", "0"}, {"0", "2", "0"}, {"-1", "2"}, {"-2147483648", "16"},
		{"-2147483648", "36"}, {"35", "36"}, {"10", "37"}, {"10", "0"}, {"10", "-1"},
		{"10", ""}, {"10", "", "5"}, {"10", "10", "-1"}, {"10", "10", ""}, {"10", "a"},
		{"10", "10", "a"}, {"", "10"}, {"1/0", "37"}, {"1/0", "10", "-1"}, {"", "37"},
		{"a", "10", "-1"}, {"10", " 16"}, {"10", "16 "}, {"10", "99999999999"},
		{"10", "4294967312"}, {"5", "10", "4294967298"}, {"1", "10", " 3"}, {"12", "8"},
		{"-4", "2", "10"}, {"x", "y", "z"}, {"", "", ""}, {"1+=1", "10", "3"},
		{"-2147483647", "2", "40"}, {"7", "3", "10"}} {
		cases = append(cases, numCase{"eval", rw})
	}
	// Random expressions over the whole token set.
	toks := []string{"1", "0", "2", "-1", "7", "0x10", "0b11", "010", "0r3:21", "+", "-", "*",
		"/", "%", "**", "<<", ">>", "<", "<=", ">", ">=", "==", "!=", "=", "&", "^", "|",
		"&&", "||", "!", "~", "(", ")", " ", "+=", "a", "?", ":", "31", "2147483647"}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 600; i++ {
		var b strings.Builder
		n := 1 + r.Intn(9)
		for j := 0; j < n; j++ {
			b.WriteString(toks[r.Intn(len(toks))])
		}
		cases = append(cases, numCase{"eval", []string{b.String()}})
	}
	numDiffGNU(t, m4eval, cases)
}

func FuzzEval(f *testing.F) {
	for _, e := range evalExprs[:40] {
		f.Add(e, "", "")
	}
	f.Add("255", "16", "5")
	f.Add("5", "1", "3")
	f.Fuzz(func(t *testing.T, expr, radix, width string) {
		var w int
		w, _ = numericArg("eval", width, func(string) {})
		if w > 1000 || w < -1000 {
			width = "" // keep the output small
		}
		if r, _ := numericArg("eval", radix, func(string) {}); r == 1 {
			radix = "2" // unary output can be gigabytes long
		}
		args := []string{expr, radix}
		if width != "" {
			args = append(args, width)
		}
		m4eval(args, func(string) {})
	})
}
