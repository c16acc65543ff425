package mta

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzSplitMessage: the header/body split never loses or invents bytes
// of the body, and never panics.
func FuzzSplitMessage(f *testing.F) {
	for _, s := range []string{
		"Subject: x\n\nbody\n", "From a b\nTo: y\n folded\n\nb", "no header at all\n",
		"A: 1\r\nB: 2\r\n\r\nbody\r\n", ": empty name\n\nx", " leading space\n", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		hdrs, body := splitMessage(data)
		if !bytes.HasSuffix(data, body) {
			t.Fatalf("body %q is not the end of the input %q", body, data)
		}
		for _, h := range hdrs {
			if h.Name == "" || strings.ContainsAny(h.Name, " \t\n:") {
				t.Fatalf("bad field name %q", h.Name)
			}
		}
	})
}

// FuzzSplitList: every comma outside quotes, comments and brackets
// separates; the parts put back together are the input.
func FuzzSplitList(f *testing.F) {
	for _, s := range []string{`a, b`, `"a, b" <c>, d`, `(x, y) z`, `<a,b>, c`, `\,`, `"`, `((`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := strings.Join(splitList(s), ","); got != s {
			t.Fatalf("join(split(%q)) = %q", s, got)
		}
	})
}

// FuzzReadMessage: without -i, reading stops at a lone dot, and what is
// read is a prefix of the input.
func FuzzReadMessage(f *testing.F) {
	for _, s := range []string{"a\n.\nb\n", "..\n", ".\r\n", "x", ""} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, dots bool) {
		b, err := readMessage(strings.NewReader(s), dots, 0)
		if err != nil || !strings.HasPrefix(s, string(b)) {
			t.Fatalf("readMessage(%q) = %q, %v", s, b, err)
		}
	})
}
