package mlog

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// printable: every byte handed to syslog is printable ASCII.
func printable(t *testing.T, lines []string) {
	t.Helper()
	for _, l := range lines {
		for i := 0; i < len(l); i++ {
			if l[i] < 0x20 || l[i] >= 0x7f {
				t.Fatalf("byte %#x in %q", l[i], l)
			}
		}
	}
}

// FuzzParse: any message reads without a panic; what Format writes for
// the record read reads back into the same lines.
func FuzzParse(f *testing.F) {
	outs, _ := filepath.Glob("testdata/*.out")
	for _, o := range outs {
		b, _ := os.ReadFile(o)
		for _, m := range Join(strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")) {
			f.Add(m)
		}
	}
	f.Add("A: to=a, ctladdr=b (1/x), delay=1+-1:00:00, mailer=m, pri=-3, stat=")
	f.Fuzz(func(t *testing.T, msg string) {
		r, err := Parse(msg)
		if err != nil {
			return
		}
		lines := Format(r)
		printable(t, lines)
		j := Join(lines)
		if len(j) != 1 {
			return // [more]: a chunk of the list per line
		}
		r2, err := Parse(j[0])
		if err != nil {
			t.Fatalf("%q: our own %q does not read back: %v", msg, j[0], err)
		}
		if again := Format(r2); !reflect.DeepEqual(again, lines) {
			t.Fatalf("%q: not stable:\n%q\n%q", msg, lines, again)
		}
	})
}

// ambiguous tells whether a value holds text the parser takes for the
// start of a field (such values are logged, but do not read back).
func ambiguous(vals ...string) bool {
	for _, v := range vals {
		for _, k := range append(toKeys, "size", "class", "nrcpts", "msgid", "bodytype", "proto", "daemon", "relay") {
			if strings.Contains(v, ", "+k+"=") {
				return true
			}
		}
	}
	return false
}

// FuzzFormat: a delivery attempt and an acceptance with any values are
// written in printable lines of at most what syslog takes, and read back
// to the values as logged.
func FuzzFormat(f *testing.F) {
	f.Add("alice,bob", "root", "Sent", "", "mx.example.net.", "1.2.3.4", "root", "<a@b>", int64(93784))
	f.Add(strings.Repeat("\xe9x,", 300), strings.Repeat("c", 90), strings.Repeat("s ", 150), strings.Repeat("r", 250),
		strings.Repeat("h", 50), "::1", strings.Repeat("f", 300), strings.Repeat("m", 150), int64(-5))
	f.Fuzz(func(t *testing.T, to, ctl, stat, reply, relay, addr, sender, msgid string, delay int64) {
		a := &Attempt{ID: id14, To: strings.Split(to, ","), Delay: delay, XDelay: Seconds(delay / 2),
			Mailer: "esmtp", Pri: 120019, Relay: relay, RelayAddr: addr, DSN: "2.0.0", Reply: reply, Stat: stat}
		if ctl != "" {
			a.Ctladdr = &Ctladdr{Addr: ctl, UID: 1, GID: 2}
		}
		acc := &Acceptance{ID: id14, From: sender, Size: 1, NRcpts: 1, MsgID: msgid, Relay: "root@localhost"}
		whole, _ := splitLimits(id14, "")
		for _, r := range []Record{a, acc} {
			lines := Format(r)
			printable(t, lines)
			for _, l := range lines {
				if len(l) > len(id14)+len("[99]: ")+whole {
					t.Fatalf("a line of %d bytes: %q", len(l), l)
				}
			}
		}
		if strings.ContainsAny(to, "[]") || strings.HasSuffix(ctl, ")") || strings.Contains(relay, " [") ||
			strings.HasSuffix(relay, "]") || ambiguous(to, ctl, stat, reply, relay, addr, sender, msgid) ||
			strings.Contains(sender, ", size=") || strings.Contains(to, ", ctladdr=") {
			return
		}
		for _, r := range []Record{a, acc} {
			lines := Format(r)
			j := Join(lines)
			if len(j) != 1 {
				continue
			}
			p, err := Parse(j[0])
			if err != nil {
				t.Fatalf("%q does not read back: %v", j[0], err)
			}
			if again := Format(p); !reflect.DeepEqual(again, lines) {
				t.Fatalf("not stable:\n%q\n%q", lines, again)
			}
		}
	})
}
