package test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildCmd compiles cmd/NAME into dir.
func buildCmd(t *testing.T, dir, name string) string {
	t.Helper()
	bin := filepath.Join(dir, name)
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/"+name).CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", name, err, out)
	}
	return bin
}

// runIn runs a command in dir with stdin and returns its standard output,
// standard error and exit status.
func runIn(dir string, stdin []byte, name string, args ...string) (string, string, int) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	return out.String(), errb.String(), code
}

// TestSendmailMC: `sendmail -bt -C x.mc` compiles the .mc in memory and
// answers every line of a conformance case as `sendmail -bt -C x.cf` does
// with the x.cf mc2cf prints for the same .mc.
func TestSendmailMC(t *testing.T) {
	bins := t.TempDir()
	sendmail := buildCmd(t, bins, "sendmail")
	mc2cf := buildCmd(t, bins, "mc2cf")
	cases, _ := filepath.Glob("../cf/testdata/cases/*")
	if len(cases) == 0 {
		t.Fatal("no cases in ../cf/testdata/cases")
	}
	for _, c := range cases {
		name := filepath.Base(c)
		t.Run(name, func(t *testing.T) {
			work := t.TempDir()
			mapDir := filepath.Join(work, "maps")
			os.MkdirAll(mapDir, 0o755)
			if ents, err := os.ReadDir(filepath.Join(c, "maps")); err == nil {
				for _, e := range ents {
					b, _ := os.ReadFile(filepath.Join(c, "maps", e.Name()))
					os.WriteFile(filepath.Join(mapDir, e.Name()), b, 0o644)
				}
			}
			os.WriteFile(filepath.Join(mapDir, "service.switch"), []byte("hosts\tfiles\naliases\tfiles\n"), 0o644)
			os.WriteFile(filepath.Join(mapDir, "hosts"), []byte("127.0.0.1\tlocalhost\n192.0.2.25\tmx.example.com mx\n"), 0o644)
			mc, err := os.ReadFile(filepath.Join(c, "config.mc"))
			if err != nil {
				t.Fatal(err)
			}
			mc = bytes.ReplaceAll(mc, []byte("@MAPDIR@"), []byte(mapDir))
			os.WriteFile(filepath.Join(work, "x.mc"), mc, 0o644)
			cfText, errText, code := runIn(work, nil, mc2cf, "x.mc")
			if code != 0 {
				t.Fatalf("mc2cf x.mc: exit %d: %s", code, errText)
			}
			os.WriteFile(filepath.Join(work, "x.cf"), []byte(cfText), 0o644)
			in, _ := os.ReadFile(filepath.Join(c, "bt.in"))
			in = append(in, []byte("=M\n$=w\n")...)
			fromCF, _, cfCode := runIn(work, in, sendmail, "-bt", "-C", "x.cf")
			fromMC, mcErr, mcCode := runIn(work, in, sendmail, "-bt", "-C", "x.mc")
			if mcCode != cfCode {
				t.Errorf("exit status: -C x.mc %d, -C x.cf %d (%s)", mcCode, cfCode, mcErr)
			}
			// diagnostics about the configuration name the file given
			fromMC = strings.ReplaceAll(fromMC, "x.mc: line", "x.cf: line")
			if fromMC != fromCF {
				t.Errorf("-bt answers differ:\n-C x.mc:\n%s\n-C x.cf:\n%s", fromMC, fromCF)
			}
			if !strings.Contains(fromMC, "\n> ") {
				t.Errorf("-C x.mc: no test-mode answers: %q", fromMC)
			}
		})
	}
}

// TestSendmailMCErrors: a .mc that does not compile stops sendmail with
// EX_CONFIG and the diagnostics placed at the .mc line they come from; a
// missing .mc is reported as a missing -C file is.
func TestSendmailMCErrors(t *testing.T) {
	sendmail := buildCmd(t, t.TempDir(), "sendmail")
	work := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(work, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("refused.mc", "OSTYPE(`linux')dnl\nFEATURE(`sts')dnl\nMAILER(`local')dnl\n")
	write("nofeature.mc", "OSTYPE(`linux')dnl\ndnl a comment\nFEATURE(`no_such_feature')dnl\nMAILER(`local')dnl\n")
	write("order.mc", "OSTYPE(`linux')dnl\nMAILER(`local')dnl\nFEATURE(`nocanonify')dnl\n")
	write("string.mc", "OSTYPE(`linux')dnl\nMAILER(`local')dnl\ndefine(`confFOO', `unterminated)\n")
	for _, tc := range []struct {
		mc, mode string
		code     int
		want     string
	}{
		{"refused.mc", "-bt", 78, "refused.mc: line 2: *** ERROR: FEATURE(`sts'): MTA-STS"},
		{"refused.mc", "-bi", 78, "refused.mc: line 2: *** ERROR: FEATURE(`sts')"},
		{"refused.mc", "-bd", 78, "refused.mc: line 2: *** ERROR: FEATURE(`sts')"},
		{"nofeature.mc", "-bt", 78, "nofeature.mc: line 3: cannot open `/gosendmail/cf/feature/no_such_feature.m4'"},
		{"order.mc", "-bt", 78, "order.mc: line 3: *** ERROR: FEATURE() should be before MAILER()"},
		{"string.mc", "-bt", 78, "string.mc: line 3: ERROR: end of file in string"},
		{"missing.mc", "-bt", 72, "missing.mc: line 0: cannot open: No such file or directory"},
	} {
		out, errText, code := runIn(work, []byte("$v\n"), sendmail, tc.mode, "-C", tc.mc)
		if code != tc.code || !strings.Contains(out+errText, tc.want) {
			t.Errorf("sendmail %s -C %s: exit %d (want %d)\nstdout: %s\nstderr: %s\nwant: %s", tc.mode, tc.mc, code, tc.code, out, errText, tc.want)
		}
		if strings.Contains(out, "ADDRESS TEST MODE") {
			t.Errorf("sendmail %s -C %s: ran a configuration that did not compile", tc.mode, tc.mc)
		}
	}
}

// TestSendmailMCWarnings: the warnings of a .mc that compiles go to
// standard error, placed at their .mc line, and the configuration runs.
func TestSendmailMCWarnings(t *testing.T) {
	sendmail := buildCmd(t, t.TempDir(), "sendmail")
	work := t.TempDir()
	os.WriteFile(filepath.Join(work, "old.mc"), []byte("dnl an old name\nOSTYPE(`bsdi1.0')dnl\nMAILER(`local')dnl\n"), 0o644)
	out, errText, code := runIn(work, []byte("$v\n"), sendmail, "-bt", "-C", "old.mc")
	want := "old.mc: line 2: *** WARNING: OSTYPE(`bsdi1.0') is deprecated"
	if code != 0 || !strings.Contains(errText, want) || !strings.Contains(out, "> 8.17") {
		t.Errorf("sendmail -bt -C old.mc: exit %d\nstdout: %s\nstderr: %s\nwant on stderr: %s", code, out, errText, want)
	}
}

// TestSendmailMCNewaliases: -bi with a .mc reads the AliasFile option from
// the compiled configuration.
func TestSendmailMCNewaliases(t *testing.T) {
	sendmail := buildCmd(t, t.TempDir(), "sendmail")
	work := t.TempDir()
	aliases := filepath.Join(work, "aliases")
	os.WriteFile(aliases, []byte("postmaster: root\nabuse: root\n"), 0o644)
	mc := "OSTYPE(`linux')dnl\ndefine(`ALIAS_FILE', `" + aliases + "')dnl\ndefine(`DATABASE_MAP_TYPE', `dbm')dnl\nMAILER(`local')dnl\n"
	os.WriteFile(filepath.Join(work, "x.mc"), []byte(mc), 0o644)
	out, errText, code := runIn(work, nil, sendmail, "-bi", "-C", "x.mc")
	if code != 0 || !strings.Contains(out, aliases+": 2 aliases") {
		t.Errorf("sendmail -bi -C x.mc: exit %d\nstdout: %s\nstderr: %s", code, out, errText)
	}
}
