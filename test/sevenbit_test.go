package test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSevenBitInputWithReference: with the SevenBitInput option, a
// message that declares no body type loses the eighth bit of every
// byte, header and body, as it is collected; BODY=8BITMIME (-B) keeps
// it, as in sendmail. Both queue the same message with -odq; the queue
// files' F and B records and the df files must be the same.
func TestSevenBitInputWithReference(t *testing.T) {
	needRef(t)
	s := newSite(t, "define(`confSEVEN_BIT_INPUT', `True')dnl\n"+
		"define(`confDONT_BLAME_SENDMAIL', `TrustStickyBit,MapInUnsafeDirPath')dnl\n",
		"# none of our own options\n")
	os.Remove(filepath.Join(s.dir, "aliases.db"))
	s.ref(t, "", "-bi")
	queued := func(ref bool, args ...string) string {
		cmd := s.emptyQueueCommand(ref, append(append([]string{"-odq", "-f", "root"}, args...), "alice")...)
		cmd.Stdin = strings.NewReader("Subject: caf\xc3\xa9\n\nna\xc3\xafve\n")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", cmd.Args, err, out)
		}
		var b strings.Builder
		for _, q := range s.queueFiles() {
			data, _ := os.ReadFile(q)
			if strings.HasPrefix(filepath.Base(q), "df") {
				b.WriteString("df: " + string(data))
				continue
			}
			for _, l := range strings.Split(string(data), "\n") {
				if strings.HasPrefix(l, "F") || strings.HasPrefix(l, "B") || strings.HasPrefix(l, "H??Subject") {
					b.WriteString(l + "\n")
				}
			}
		}
		return b.String()
	}
	for _, b := range [][]string{nil, {"-B8BITMIME"}, {"-B7BIT"}} {
		want, got := queued(true, b...), queued(false, b...)
		if got != want {
			t.Errorf("%v:\nours:\n%q\nreference:\n%q", b, got, want)
		}
		if b == nil && strings.Contains(want, "\xc3") {
			t.Errorf("the reference kept 8-bit bytes: %q", want)
		}
	}
}
