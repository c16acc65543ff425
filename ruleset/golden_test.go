package ruleset

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGolden runs each testdata/bt/NAME.cf on NAME.in in test mode and
// compares with NAME.out, the reference sendmail's answer (made with
// `sendmail -bt -C NAME.cf < NAME.in` on host mx.example.com; see
// TestGoldenMatchesReference).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/bt/*.cf")
	if len(files) == 0 {
		t.Fatal("no golden cases")
	}
	t.Chdir("testdata/bt")
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".cf")
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(name + ".in")
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(name + ".out")
			if err != nil {
				t.Fatal(err)
			}
			got := runTestMode(t, name+".cf", in)
			if !bytes.Equal(got, want) {
				t.Errorf("%s: output differs from the reference's\n%s", name, lineDiff(string(want), string(got)))
			}
		})
	}
}

// runTestMode reads cf and answers in as sendmail -bt does on host
// mx.example.com.
func runTestMode(t testing.TB, cf string, in []byte) []byte {
	var out bytes.Buffer
	c, err := Read(cf, ReadOptions{Out: &out, TestMode: true, HostName: "mx.example.com", NodeName: "mx.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	c.TestMode(bytes.NewReader(in), &out)
	return out.Bytes()
}

// lineDiff shows the first differing lines.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var x, y string
		if i < len(w) {
			x = w[i]
		}
		if i < len(g) {
			y = g[i]
		}
		if x != y {
			b.WriteString("line " + itoa(i+1) + ":\n  want: " + x + "\n  got:  " + y + "\n")
			if n++; n > 8 {
				break
			}
		}
	}
	return b.String()
}
