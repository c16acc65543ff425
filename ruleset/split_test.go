package ruleset

import (
	"strings"
	"testing"
)

// TestSplitAddress: where an address of a list ends, and what is left,
// for comma and (old-style) blank delimiters.
func TestSplitAddress(t *testing.T) {
	c := ReadFrom(strings.NewReader("Mlocal, P=[LOCAL], F=lsDFMAw5:/|@q, A=mail.local -l\n"), "split.cf", ReadOptions{})
	for _, tc := range []struct {
		list       string
		delim      byte
		addr, rest string
	}{
		{"bin, nobody", ',', "bin", " nobody"},
		{"bin", ',', "bin", ""},
		{"bin ", ',', "bin ", ""},
		{`"a, b" <c>, d`, ',', `"a, b" <c>`, " d"},
		{"x (y, z), w", ',', "x (y, z)", " w"},
		{"<a, b>, c", ',', "<a, b>", " c"},
		{"<bin, nobody", ',', "<bin", " nobody"},
		{"<bin, nobody, daemon", ',', "<bin", " nobody, daemon"},
		{`"a,`, ',', `"a,`, ""},
		{"(a,", ',', "(a,", ""},
		{"a\\,b, c", ',', "a\\,b", " c"},
		{"quoted name", ' ', "quoted", "name"},
		{`"quoted name" x`, ' ', `"quoted name"`, "x"},
		{"a,", ',', "a", ""},
	} {
		addr, rest := c.SplitAddress(tc.list, tc.delim)
		if addr != tc.addr || rest != tc.rest {
			t.Errorf("SplitAddress(%q, %q) = %q, %q; want %q, %q", tc.list, tc.delim, addr, rest, tc.addr, tc.rest)
		}
	}
}

// TestResolveSyntax: Resolve goes on after the syntax errors prescan
// repairs, and gives nothing (no error) for an address that is only a
// comment; a $#error gives its $@ and $: as the rules wrote them.
func TestResolveSyntax(t *testing.T) {
	cf := "Mlocal, P=[LOCAL], F=lsDFMAw5:/|@q, A=mail.local -l\n" +
		"S0\nR$* < @ err > $*\t$#error $@ 4.4.1 $: \"450 try later\"\nR$*\t$#local $: $1\n"
	c := ReadFrom(strings.NewReader(cf), "resolve.cf", ReadOptions{})
	a, syntax, err := c.Resolve("<bin", 0)
	if err != nil || a.Mailer == nil || a.User != "<bin>" || len(syntax) != 1 || syntax[0] != "Unbalanced '<'" {
		t.Errorf("Resolve(<bin) = %+v, %q, %v", a, syntax, err)
	}
	a, syntax, err = c.Resolve("(only a comment)", 0)
	if err != nil || a.Mailer != nil || a.Include != "" || len(syntax) != 0 {
		t.Errorf("Resolve of a comment = %+v, %q, %v", a, syntax, err)
	}
	_, _, err = c.Resolve("u<@err>", 0)
	ae, ok := err.(*AddrError)
	if !ok || ae.Host != "4.4.1" || ae.User != `"450 try later"` || ae.Text != "try later" || !ae.Temporary() {
		t.Errorf("Resolve of an error = %#v", err)
	}
}
