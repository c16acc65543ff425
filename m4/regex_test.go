// Tests for regexp and patsubst: a table of expected results and
// diagnostics, a differential test against GNU m4 and the FuzzRegex target.
package m4

import (
	"math/rand"
	"strings"
	"testing"
	"time"
)

// reCall runs fn and returns its output and diagnostics joined by "|".
func reCall(fn func([]string, func(string)) string, args ...string) (string, string) {
	var d []string
	out := fn(args, func(m string) { d = append(d, m) })
	return out, strings.Join(d, "|")
}

func TestRegexTable(t *testing.T) {
	reWarnedZero.Store(false)
	tests := []struct {
		patsubst  bool
		args      []string
		out, diag string
	}{
		{false, []string{"abc"}, "0", ""},
		{true, []string{"abc"}, "abc", ""},
		{false, []string{"GNUs not Unix", `\<[a-z]\w+`}, "5", ""},
		{false, []string{"GNUs not Unix", `\<Q\w*`}, "-1", ""},
		{false, []string{"GNUs not Unix", `\w\(\w+\)$`, `*** \& *** \1 ***`}, "*** Unix *** nix ***", ""},
		{false, []string{"abc", "b", `[\0]`}, "[b]", "Warning: \\0 will disappear, use \\& instead in replacements"},
		{false, []string{"abc", "b", `[\0]`}, "[b]", ""}, // only once per process
		{false, []string{"abc", `\(b\)`, `[\1\2]`}, "[b]", "Warning: sub-expression 2 not present"},
		{false, []string{"abc", "b", `x\`}, "x", "Warning: trailing \\ ignored in replacement"},
		{false, []string{"abc", "b", `[\\\n&]`}, `[\n&]`, ""},
		{false, []string{"abc", "z", `x\`}, "", ""},
		{false, []string{"a", `\(`}, "", "bad regular expression: `\\(': Unmatched ( or \\("},
		{true, []string{"a", `\(`, "x"}, "", "bad regular expression `\\(': Unmatched ( or \\("},
		{false, []string{"a", `a\)`}, "", "bad regular expression: `a\\)': Unmatched ) or \\)"},
		{false, []string{"a", `[`}, "", "bad regular expression: `[': Invalid regular expression"},
		{false, []string{"a", `[a`}, "", "bad regular expression: `[a': Unmatched [, [^, [:, [., or [="},
		{false, []string{"a", `[[.ab.]]`}, "", "bad regular expression: `[[.ab.]]': Invalid collation character"},
		{false, []string{"a", `[a-b-c]`}, "", "bad regular expression: `[a-b-c]': Invalid range end"},
		{false, []string{"a", `a\`}, "", "bad regular expression: `a\\': Trailing backslash"},
		{false, []string{"aa", `\(a\1\)`}, "", "bad regular expression: `\\(a\\1\\)': Invalid back reference"},
		{false, []string{"xa]", "[[:alpha:]]"}, "1", ""},
		{false, []string{"a{1}", `a\{1\}`}, "0", ""},
		{false, []string{"*a", `^*a`}, "0", ""},
		{false, []string{"a\nb", "^b"}, "2", ""},
		{false, []string{"a\nb", "a.b"}, "-1", ""},
		{false, []string{"abcd", `\(a\|ab\)\(c\|bcd\)\(d*\)`, `\1-\2-\3`}, "a-bcd-", ""},
		{false, []string{"abcabc", `\(abc\)\1`, `[\1]`}, "[abc]", ""},
		{false, []string{"a\x00b", "b"}, "-1", ""},
		{true, []string{"abc", "b*", "-"}, "-a--c-", ""},
		{true, []string{"abc", "", "x"}, "xaxbxcx", ""},
		{true, []string{"aaa", "^a", "x"}, "xaa", ""},
		{true, []string{"ab ab", `\<a`, "x"}, "xb xb", ""},
		{true, []string{"ab ab", `\Bb`, "x"}, "ax ax", ""},
		{true, []string{"abab", "b", `\9`}, "aa", "Warning: sub-expression 9 not present|Warning: sub-expression 9 not present"},
		{true, []string{"a b c", " "}, "abc", ""},
	}
	for _, tc := range tests {
		fn, name := m4regexp, "regexp"
		if tc.patsubst {
			fn, name = m4patsubst, "patsubst"
		}
		out, diag := reCall(fn, tc.args...)
		if out != tc.out || diag != tc.diag {
			t.Errorf("%s(%q) = %q, %q; want %q, %q", name, tc.args, out, diag, tc.out, tc.diag)
		}
	}
}

// reSubjects and rePatterns make the differential corpus.
var reSubjects = []string{"", "a", "aa", "aaa", "aab", "ab", "abab", "abc", "abcd", "ba", "b",
	"xabcx", "foo.bar", "a.b.c", "ab ab", "GNUs not Unix", "a\nb", "a\n\nb\n", "  x  ",
	"hello_world 42", "aXbXc", "[]^-\\", "a*b+c?d", "$x^y", "{1,2}", "a|b(c)",
	"user@host.domain.org", "<user@host>", "a\tb\vc", "\xe9t\xe9", "aaaaaaaaaaaaaaaaaaaab"}

var rePatterns = []string{"", "a", "b", "x", "^", "$", "^a", "a$", "^$", ".", "..", "a*", "a+",
	"a?", "ab*", "a*b", "\\(a\\)", "\\(a*\\)", "\\(a*\\)*", "\\(a\\|b\\)*", "\\(a\\|ab\\)\\(c\\|bcd\\)",
	"[ab]", "[^ab]", "[a-c]", "[]a]", "[^]a]", "[a-]", "[-a]", "[z-a]", "[[.a.]]", "[[=b=]]",
	"[[:alpha:]]", "[\\]", "\\w", "\\W", "\\s", "\\S", "\\w+", "\\<", "\\>", "\\b", "\\B",
	"\\`", "\\'", "\\<a", "b\\>", "\\bb", "\\Bb", "\\`a", "b\\'", "*a", "^*", "a**", "a*+?",
	"+a", "?", "\\(*a\\)", "\\(^a\\)", "a\\|b", "\\|a", "a\\|", "a\\|\\|b", "x*\\|^a",
	"b$\\|x", "a^b", "b$c", "\\{", "a\\{1\\}", "\\(a\\)\\1", "\\(a*\\)\\1", "\\(.\\)\\1",
	"\\(a\\|b\\)\\1", "\\(\\)", "\\(\\(a\\)b\\)*", "\\(a\\|\\)*", "\\(a*\\)*b", "\\(.*\\)\\.\\(.*\\)",
	"\\(a*\\)\\(a*\\)", "\\(a+\\|b\\)*", "[.]", "\\.", "\\n", "\\+", "\\?", "\\$", "\\^", "[$^]",
	"\\(", "\\)", "[", "[^", "[a", "[a-", "[[.", "[[.a", "[[.ab.]]", "[[=a=]-z]", "[a-[=z=]]",
	"[a-b-c]", "[--a]", "\\", "a\\", "\\1", "\\(a\\1\\)", "\\2\\(a\\)", "[[..]]", "[[==]]",
	"\\([^@]*\\)@\\(.*\\)", "<\\([^>]*\\)>", "[^.]*\\.", "\\(\\w+\\)\\.\\(\\w+\\)", ".*",
	"\\(a\\)*\\(b\\)", "\\(a\\(b\\)*\\)*", "\\(\\(a\\)\\|b\\)*", "a*\\(a\\)", "\\(ab\\)*\\1",
	"\xe9", "[\xe0-\xff]", "[^a-z]", "\\(a\\|aa\\)*", "\\(aa\\|a\\)*", "\\(a\\|aa\\)\\(a\\|aa\\)"}

// reKnownGroupDiffs are patterns of the corpus whose groups differ from GNU
// regex on some subjects (the last, empty iteration of a loop over a group
// whose body is itself a loop): GNU leaves the group empty where we keep its
// previous value. Only the extent of their matches is compared.
var reKnownGroupDiffs = map[string]bool{"\\(a*\\)*": true, "\\(a*\\)*b": true}

// reRandomGroups is the number of random well-formed patterns tried.
var reRandomGroups = 3000

func TestRegexGNU(t *testing.T) {
	var rx, ps []numCase
	for _, p := range rePatterns {
		repl := `[\&|\1|\2]`
		if reKnownGroupDiffs[p] {
			repl = `[\&]`
		}
		for _, s := range reSubjects {
			rx = append(rx, numCase{"regexp", []string{s, p}})
			rx = append(rx, numCase{"regexp", []string{s, p, repl}})
			ps = append(ps, numCase{"patsubst", []string{s, p, `<\&>`}})
		}
	}
	// GNU m4 warns about \0 once per process: these run in one batch.
	var rpl []numCase
	for _, r := range []string{``, `\`, `\0`, `\\`, `\9`, `&\&`, `\1\2\3`, `x\y\`, `\n`, `\0\0`} {
		rpl = append(rpl, numCase{"patsubst", []string{"abcb", `\(b\)`, r}})
	}
	ps = append(ps, numCase{"patsubst", []string{"abc", "b"}})
	// Random patterns over the whole syntax.
	atoms := []string{"a", "b", ".", "*", "+", "?", "^", "$", "\\(", "\\)", "\\|", "[ab]",
		"[^a]", "\\w", "\\b", "\\<", "\\>", "\\1", "x", "\\`", "\\'"}
	r := rand.New(rand.NewSource(3))
	for i := 0; i < 1500; i++ {
		var b strings.Builder
		for n := 1 + r.Intn(7); n > 0; n-- {
			b.WriteString(atoms[r.Intn(len(atoms))])
		}
		s := reSubjects[r.Intn(len(reSubjects))]
		rx = append(rx, numCase{"regexp", []string{s, b.String(), `[\&|\1|\2]`}})
		ps = append(ps, numCase{"patsubst", []string{s, b.String(), `<\&>`}})
	}
	// Random well-formed patterns with groups, against random subjects.
	var gen func(depth int) string
	gen = func(depth int) string {
		var b strings.Builder
		for alt := r.Intn(3); alt >= 0; alt-- {
			for n := 1 + r.Intn(3); n > 0; n-- {
				switch k := r.Intn(6); {
				case k == 0 && depth > 0:
					b.WriteString("\\(" + gen(depth-1) + "\\)")
				case k == 1:
					// No anchors: GNU regex mishandles some inside loops.
					b.WriteString([]string{".", "[ab]", "\\w", "\\W"}[r.Intn(4)])
				default:
					b.WriteByte("ab"[r.Intn(2)])
				}
				if r.Intn(3) == 0 {
					b.WriteByte("*+?"[r.Intn(3)])
				}
			}
			if alt > 0 {
				b.WriteString("\\|")
			}
		}
		return b.String()
	}
	for i := 0; i < reRandomGroups; i++ {
		p := gen(2)
		s := make([]byte, r.Intn(7))
		for j := range s {
			s[j] = "ab "[r.Intn(3)]
		}
		// Only the extent of the match: the groups of loops that can
		// match the empty string sometimes differ (see regex.go).
		rx = append(rx, numCase{"regexp", []string{string(s), p, `[\&]`}})
		ps = append(ps, numCase{"patsubst", []string{string(s), p, `<\&>`}})
	}
	reWarnedZero.Store(false)
	t.Run("replacement", func(t *testing.T) { numDiffGNU(t, m4patsubst, rpl) })
	reWarnedZero.Store(false)
	t.Run("regexp", func(t *testing.T) { numDiffGNU(t, m4regexp, rx) })
	reWarnedZero.Store(false)
	t.Run("patsubst", func(t *testing.T) { numDiffGNU(t, m4patsubst, ps) })
}

// TestRegexBounded checks that pathological patterns stay fast.
func TestRegexBounded(t *testing.T) {
	long := strings.Repeat("a", 30)
	for _, p := range []string{`\(a*\)*b`, `\(a*\)*\(a*\)*\(a*\)*c`, `\(\(a*\)*\)*\1b`,
		`\(a\|aa\)*\1\1b`, `\(a*\)\1*\1*\1*b`, `\(.*\)*\(.*\)*\(.*\)*$`} {
		start := time.Now()
		m4patsubst([]string{long, p, "x"}, func(string) {})
		m4regexp([]string{long + "b", p, `\1`}, func(string) {})
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("pattern %q took %v", p, d)
		}
	}
}

func FuzzRegex(f *testing.F) {
	for i, p := range rePatterns {
		f.Add(reSubjects[i%len(reSubjects)], p, `[\&|\1]`, i%2 == 0)
	}
	f.Fuzz(func(t *testing.T, s, pattern, repl string, patsubst bool) {
		if len(s) > 200 || len(pattern) > 60 {
			return
		}
		if patsubst {
			m4patsubst([]string{s, pattern, repl}, func(string) {})
		} else {
			m4regexp([]string{s, pattern, repl}, func(string) {})
			m4regexp([]string{s, pattern}, func(string) {})
		}
	})
}
