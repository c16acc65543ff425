// Tests for format: a table of expected results and diagnostics, a
// differential test against GNU m4 and the FuzzFormat target.
package m4

import (
	"strings"
	"testing"
)

// fmtCall runs m4format and returns its output and diagnostics joined by "|".
func fmtCall(args ...string) (string, string) {
	var d []string
	out := m4format(args, func(m string) { d = append(d, m) })
	return out, strings.Join(d, "|")
}

func TestFormatTable(t *testing.T) {
	tests := []struct {
		args      []string
		out, diag string
	}{
		{[]string{"a%sb%dc", "x", "42"}, "axb42c", ""},
		{[]string{"%d"}, "0", ""},
		{[]string{"%s|%c|%f"}, "||0.000000", ""},
		{[]string{"%%"}, "%", ""},
		{[]string{"%5%"}, "", "Warning: unrecognized specifier in `%5%'"},
		{[]string{"a%"}, "a", "Warning: unrecognized specifier in `a%'"},
		{[]string{"%lld", "1"}, "d", "Warning: unrecognized specifier in `%lld'"},
		{[]string{"%*z %d", "1", "2"}, " 2", "Warning: unrecognized specifier in `%*z %d'"},
		{[]string{"%+s", "a"}, "", "Warning: unrecognized specifier in `%+s'"},
		{[]string{"%#d", "1"}, "", "Warning: unrecognized specifier in `%#d'"},
		{[]string{"%.3c", "65"}, "", "Warning: unrecognized specifier in `%.3c'"},
		{[]string{"%hf", "1"}, "", "Warning: unrecognized specifier in `%hf'"},
		{[]string{"%-5d|%05d|%+d|% d", "3", "3", "3", "3"}, "3    |00003|+3| 3", ""},
		{[]string{"%#x %#o %X", "255", "8", "255"}, "0xff 010 FF", ""},
		{[]string{"%'d", "1234567"}, "1234567", ""},
		{[]string{"%hd %hhd %hu %hhx", "70000", "300", "-1", "-1"}, "4464 44 65535 ff", ""},
		{[]string{"%ld %lu %lx", "99999999999", "-1", "-1"}, "99999999999 18446744073709551615 ffffffffffffffff", ""},
		{[]string{"%u %x %o", "-1", "-5", "-1"}, "4294967295 fffffffb 37777777777", ""},
		{[]string{"%c%c", "65", "321"}, "AA", ""},
		{[]string{"%5c|%-3c|", "65", "66"}, "    A|B  |", ""},
		{[]string{"%5c|", "0"}, "    |", ""},
		{[]string{"%.2s|%5s|%-5s|", "abcdef", "abc", "abc"}, "ab|  abc|abc  |", ""},
		{[]string{"%*d|%*d|%.*d|%.*d", "5", "1", "-5", "1", "3", "1", "-3", "1"}, "    1|1    |001|1", ""},
		{[]string{"%.0d|%.d|%#.0o", "0", "0", "0"}, "||0", ""},
		{[]string{"%4294967297d|", "5"}, "5|", ""},
		{[]string{"%2147483648d|", "5"}, "|", ""},
		{[]string{"%*d|", "-2147483648", "5"}, "|", ""},
		{[]string{"%d", "a"}, "0", "non-numeric argument a"},
		{[]string{"%d", "5 "}, "5", "non-numeric argument 5 "},
		{[]string{"%d", ""}, "0", "empty string treated as 0"},
		{[]string{"%d", " 5"}, "5", "leading whitespace ignored"},
		{[]string{"%d", "2147483648"}, "-2147483648", "numeric overflow detected"},
		{[]string{"%ld", "99999999999999999999"}, "9223372036854775807", "numeric overflow detected"},
		{[]string{"%f", "1e999"}, "inf", "numeric overflow detected"},
		{[]string{"%f", "1e-400"}, "0.000000", "numeric overflow detected"},
		{[]string{"%f", "1e-310"}, "0.000000", "numeric overflow detected"},
		{[]string{"%a", "0x1p-1074"}, "0x0.0000000000001p-1022", ""},
		{[]string{"%f %f %f", "0x1.8", "infinit", ".5"}, "1.500000 inf 0.500000", "non-numeric argument infinit"},
		{[]string{"%f|%F|%+f|%f", "-inf", "inf", "nan", "-nan(x)"}, "-inf|INF|+nan|-nan", ""},
		{[]string{"%010f|%-6f|", "inf", "nan"}, "       inf|nan   |", ""},
		{[]string{"%e|%E|%.3e", "12345.678", "0", "-0"}, "1.234568e+04|0.000000E+00|-0.000e+00", ""},
		{[]string{"%g|%g|%g|%#g|%G", "0.0001", "1e-5", "123456789", "1", "1e-10"}, "0.0001|1e-05|1.23457e+08|1.00000|1E-10", ""},
		{[]string{"%.0g|%#.0g|%.3g|%#.3g|%g", "0", "0", "1", "1", "100000"}, "0|0.|1|1.00|100000", ""},
		{[]string{"%a|%A|%a|%.2a|%.0a|%.0a|%#a", "1", "255.5", "0", "1.999", "1.5", "2.5", "1"},
			"0x1p+0|0X1.FFP+7|0x0p+0|0x2.00p+0|0x2p+0|0x1p+1|0x1.p+0", ""},
		{[]string{"%010a|%+a|%-8a|", "1", "1", "-1"}, "0x00001p+0|+0x1p+0|-0x1p+0 |", ""},
		{[]string{"%08.2f|%+.0f|%.0f|%#.0f", "-3.14159", "2.5", "3.5", "3"}, "-0003.14|+2|4|3.", ""},
		{[]string{"%d%s", "1\x00x", "a\x00b"}, "1a", ""},
		{[]string{"x\x00%d", "1"}, "x", ""},
	}
	for _, tc := range tests {
		out, diag := fmtCall(tc.args...)
		if out != tc.out || diag != tc.diag {
			t.Errorf("format(%q) = %q, %q; want %q, %q", tc.args, out, diag, tc.out, tc.diag)
		}
	}
}

// fmtCases builds the differential corpus.
func fmtCases() []numCase {
	var cases []numCase
	add := func(args ...string) { cases = append(cases, numCase{"format", args}) }
	ints := []string{"0", "1", "-1", "42", "-42", "255", "65", "2147483647", "-2147483648",
		"2147483648", "4294967295", "99999999999", "-99999999999", "9223372036854775807",
		"99999999999999999999", "", " 7", "7 ", "a", "0x10", "+3", "1e3"}
	floats := []string{"0", "-0", "1", "-1", "0.5", "1.5", "2.5", "3.14159", "123456789",
		"1e-5", "0.0001", "1e100", "-1e-100", "1e308", "1.7976931348623157e308", "1e-310",
		"4.9e-324", "0x1p-1074", "0x1.8p3", "0x1.fffffffffffffp0", "0.1", "999999.5",
		"9.9999995", "inf", "-inf", "nan", "-nan", "infinity", "NaN(abc)", "nan(", "",
		" 2", "2 ", "x", ".", "1e", "0x", "0x1p", "1e400", "2e-308", "1.25", "0.125",
		"100000", "1000000", "1e15", "1e16", "1e17", "5e-5", "1.0000005", "0X1P+2",
		"99.95", "999.5", "9.9995e-5", "9.6", "0.96", "9999.6", "99999.6", "9999995", "1e23"}
	for _, conv := range []string{"d", "i", "o", "u", "x", "X", "c", "ld", "lu", "lx", "lo",
		"hd", "hu", "hx", "hhd", "hhu", "hho"} {
		for _, flag := range []string{"", "-", "+", " ", "0", "#", "'", "-0", "+ ", "#0"} {
			for _, wp := range []string{"", "5", ".3", "8.4", ".0", "-3", "1"} {
				spec := "%" + flag + wp + conv
				for _, v := range ints {
					add("["+spec+"]", v)
				}
			}
		}
	}
	for _, conv := range []string{"e", "E", "f", "F", "g", "G", "a", "A", "le", "lf", "lg", "la"} {
		for _, flag := range []string{"", "-", "+", " ", "0", "#", "'", "+0", "#-"} {
			for _, wp := range []string{"", "12", ".0", ".1", ".3", "20.10", ".20", "5.2"} {
				spec := "%" + flag + wp + conv
				for _, v := range floats {
					add("["+spec+"]", v)
				}
			}
		}
	}
	for _, flag := range []string{"", "-", "+", " ", "0", "#", "'"} {
		for _, wp := range []string{"", "5", ".2", "6.1", ".0", "-4"} {
			for _, v := range []string{"", "a", "abc", "hello world", "é"} {
				add("["+"%"+flag+wp+"s]", v)
			}
		}
	}
	for _, f := range []string{"%", "a%", "%%", "%5%", "%z", "%lld", "%jd", "%zd", "%qd", "%Lf",
		"%n", "%p", "%C", "%S", "%5", "%-", "%.", "%l", "%h", "%hh", "%hhh", "%ls", "%lc",
		"%hs", "%hc", "%hf", "%ha", "%.3c", "%+c", "%#s", "%0c", "% u", "%+x", "%#i",
		"%*.*d", "%*.*f", "%-*s|", "%.*s", "%*c", "%1$d", "%4294967297d", "%4294967295d",
		"%.4294967297d", "%2147483648d", "%.2147483648d", "%s%s%s", "%d%d%d", "%c%c",
		"%0*d", "%-0*d", "%.*e", "%*%", "%'.3f", "%'g", "%'x", "%'c", "%'e", "%'a",
		"%\x80", "%é", "%ll", "%hl", "%lh"} {
		add(f, "5", "3", "12345", "x")
		add(f)
	}
	add("%*d|", "4294967298", "5")
	add("%*d|", "-2147483648", "5")
	add("%.*d|", "4294967298", "5")
	add("%5c|%-5c|%c|", "0", "0", "0")
	add("%d %s", "1")
	add("no specs", "1", "2")
	add("")
	return cases
}

func TestFormatGNU(t *testing.T) {
	numDiffGNU(t, m4format, fmtCases())
}

func FuzzFormat(f *testing.F) {
	f.Add("%d|%s|%5.2f|%x", "42", "abc", "3.14159", "-1")
	f.Add("%a %g %e", "0x1p-1074", "1e-5", "1e308", "")
	f.Add("%*.*d%%%c", "5", "3", "7", "65")
	f.Add("%lld%hhd%'d%#o", "1", "2", "3", "4")
	f.Fuzz(func(t *testing.T, spec, a, b, c, d string) {
		// Keep widths and precisions small so that the output stays small.
		for _, s := range []string{spec, a, b, c, d} {
			digits := 0
			for i := 0; i < len(s); i++ {
				if s[i] >= '0' && s[i] <= '9' {
					digits++
					if digits > 4 {
						return
					}
				} else {
					digits = 0
				}
			}
		}
		m4format([]string{spec, a, b, c, d}, func(string) {})
	})
}
