package test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestHostStatus: hoststat (-bh) prints the host status directory as
// the reference prints it, and purgestat (-bH) empties it.
func TestHostStatus(t *testing.T) {
	needRef(t)
	s := newSite(t, "define(`confDONT_BLAME_SENDMAIL', `TrustStickyBit,MapInUnsafeDirPath')dnl\n", "# none of our own options\n")
	hs := filepath.Join(s.dir, "hoststat")
	now := time.Now().Unix()
	files := map[string]string{
		"1./0./0./127":    fmt.Sprintf("V0\nE111\nH0\nS75\nD4.4.1\nU%d\n.\n", now-2),
		"net./example./a": fmt.Sprintf("V0\nE0\nH0\nS0\nD2.0.0\nR250 2.0.0 ok\nU%d\n.\n", now-3725),
		"com./example./averyveryverylonghostnamethatisreallylong./mx": fmt.Sprintf("V0\nE0\nH0\nS0\nD2.0.0\nR250 ok\nU%d\n.\n", now-5),
		"org./example./slow": fmt.Sprintf("V0\nE0\nH0\nS75\nD4.0.0\nR451 4.3.0 a much longer reply text that goes beyond the end of the line\nU%d\n.\n", now-90061),
	}
	for p, text := range files {
		full := filepath.Join(hs, p)
		os.MkdirAll(filepath.Dir(full), 0o755)
		write(t, full, text)
	}
	want := s.ref(t, "", "-bh")
	got, errs, code := s.sendmail(t, "", "-bh")
	// the ages go on ticking between the two runs: the lines must be the
	// same but for them, and each age within two seconds of the other's
	age := regexp.MustCompile(`(\d+\+)?\d\d:\d\d:\d\d `)
	secs := func(a string) int {
		var d, h, m, sec int
		if strings.Contains(a, "+") {
			fmt.Sscanf(a, "%d+%d:%d:%d", &d, &h, &m, &sec)
		} else {
			fmt.Sscanf(a, "%d:%d:%d", &h, &m, &sec)
		}
		return ((d*24+h)*60+m)*60 + sec
	}
	ga, wa := age.FindAllString(got, -1), age.FindAllString(want, -1)
	if len(ga) != len(wa) {
		t.Errorf("%d ages, the reference %d", len(ga), len(wa))
	}
	for i := 0; i < len(ga) && i < len(wa); i++ {
		if d := secs(ga[i]) - secs(wa[i]); d < -2 || d > 2 {
			t.Errorf("age %q, the reference %q", ga[i], wa[i])
		}
	}
	minute := func(s string) string {
		return age.ReplaceAllStringFunc(s, func(a string) string { return strings.Repeat("_", len(a)-1) + " " })
	}
	if code != 0 || minute(got) != minute(want) || !strings.Contains(want, "Hostname") {
		t.Errorf("hoststat (exit %d %s) differs:\nours:\n%s\nreference:\n%s", code, errs, got, want)
	}
	if _, errs, code := s.sendmail(t, "", "-bH"); code != 0 {
		t.Fatalf("purgestat: %d %s", code, errs)
	}
	if ents, _ := os.ReadDir(hs); len(ents) != 0 {
		t.Errorf("purgestat left %d entries", len(ents))
	}
	if got, _, _ := s.sendmail(t, "", "-bh"); got != "" {
		t.Errorf("hoststat of an empty directory: %q", got)
	}
}
