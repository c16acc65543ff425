package cf

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The tests here run the reference sendmail (Debian's sendmail-bin) on the
// configuration files our library writes, and compare its answers in
// address test mode (-bt) with its answers on the file sendmail's own cf
// library writes for the same .mc. They skip, saying why, where the
// reference is not installed.

var update = flag.Bool("update", false, "rewrite testdata/features/*/want from the reference")

const (
	refSendmail = "/usr/libexec/sendmail/sendmail"
	refMakemap  = "/usr/libexec/sendmail/makemap"
	refM4       = "/usr/bin/m4"
	refCF       = "/usr/share/sendmail/cf"
)

func needReference(t *testing.T) {
	t.Helper()
	for _, f := range []string{refSendmail, refMakemap, refM4, refCF + "/m4/cf.m4"} {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("reference missing: %s (apt-get install sendmail-bin sendmail-cf m4)", f)
		}
	}
	if err := exec.Command("unshare", "-u", "true").Run(); err != nil {
		t.Skip("unshare -u is not permitted here: the reference sleeps a minute on a host name without a dot")
	}
}

// workDir is a directory sendmail accepts for its maps: not below a group-
// or world-writable directory such as /tmp.
func workDir(t *testing.T, name string) string {
	t.Helper()
	base, err := os.UserCacheDir()
	if err != nil {
		t.Skip("no cache directory for the reference's map files")
	}
	// A directory of its own for each run: two test runs at once (two
	// engineers, or go test -count) must not share map files.
	root := filepath.Join(base, "gosendmail-cftest")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	d, err := os.MkdirTemp(root, name+"-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(d, 0o755)
	for p := d; p != base && p != "/"; p = filepath.Dir(p) {
		os.Chmod(p, 0o755)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}

// onHost runs the reference with the host name mx.example.com.
func onHost(stdin []byte, args ...string) []byte {
	cmd := exec.Command("unshare", append([]string{"-u", "sh", "-c", `hostname mx.example.com && exec "$@"`, "sh"}, args...)...)
	cmd.Stdin = bytes.NewReader(stdin)
	out, _ := cmd.CombinedOutput()
	return out
}

// buildMaps makes a case's maps in dir as the conformance harness does.
func buildMaps(t *testing.T, caseDir, dir, cfFile string) {
	os.RemoveAll(dir)
	os.MkdirAll(dir, 0o755)
	if ents, err := os.ReadDir(filepath.Join(caseDir, "maps")); err == nil {
		for _, e := range ents {
			b, _ := os.ReadFile(filepath.Join(caseDir, "maps", e.Name()))
			os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644)
		}
	}
	def := map[string]string{
		"service.switch": "hosts\tfiles\naliases\tfiles\n",
		"hosts":          "127.0.0.1\tlocalhost\n192.0.2.25\tmx.example.com mx\n192.0.2.80\tfar.example\n",
	}
	for f, text := range def {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			os.WriteFile(filepath.Join(dir, f), []byte(text), 0o644)
		}
	}
	for _, m := range []string{"access", "virtusertable", "genericstable", "mailertable", "domaintable", "authinfo", "ednsbl", "dnsbl", "mtamark", "bestmx", "mxserved", "mxlist", "dnsA"} {
		src := filepath.Join(dir, m)
		if b, err := os.ReadFile(src); err == nil {
			cmd := exec.Command(refMakemap, "hash", src)
			cmd.Stdin = bytes.NewReader(b)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("makemap %s: %v\n%s", m, err, out)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "aliases")); err == nil {
		onHost(nil, refSendmail, "-bi", "-C", cfFile)
	}
}

// finalLines gives the last non-empty line of each answer, with the
// ruleset name before "returns:" removed, as the conformance harness does.
func finalLines(out []byte) []string {
	var answers []string
	var cur []string
	started := false
	for _, l := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(l, "> "); ok {
			if started {
				answers = append(answers, last(cur))
			}
			started = true
			cur = []string{rest}
			continue
		}
		if started {
			cur = append(cur, l)
		}
	}
	if started {
		answers = append(answers, last(cur))
	}
	return answers
}

var returnsRE = regexp.MustCompile(`^[^ ]+ +returns: `)

func last(lines []string) string {
	if len(lines) > 0 && strings.HasPrefix(lines[0], "mailer 0 (") {
		// The mailer table (=M): every mailer counts, not only the last.
		var ms []string
		for _, l := range lines {
			if strings.HasPrefix(l, "mailer ") {
				ms = append(ms, l)
			}
		}
		return strings.Join(ms, " || ")
	}
	for i := len(lines) - 1; i >= 0; i-- {
		if lines[i] != "" {
			return returnsRE.ReplaceAllString(lines[i], "returns: ")
		}
	}
	return ""
}

// diagRE matches what sendmail prints about a configuration file it dislikes.
var diagRE = regexp.MustCompile(`(?m)^.*(: line [0-9]+: .*|[Ww]arning.*|readcf: .*)$`)

// runCase answers bt.in with the reference on a .cf compiled from the
// case's config.mc, by our library (ours) or by sendmail's (theirs).
func runCase(t *testing.T, caseDir, work string, ours bool) (answers []string, diags []string) {
	t.Helper()
	mapDir := filepath.Join(work, "maps")
	mc, err := os.ReadFile(filepath.Join(caseDir, "config.mc"))
	if err != nil {
		t.Fatal(err)
	}
	mcFile := filepath.Join(work, "config.mc")
	os.WriteFile(mcFile, bytes.ReplaceAll(mc, []byte("@MAPDIR@"), []byte(mapDir)), 0o644)
	var cf, errs bytes.Buffer
	if ours {
		if rc := Compile(Options{Stdout: &cf, Stderr: &errs}, mcFile); rc != 0 {
			t.Fatalf("mc2cf exit %d: %s", rc, errs.String())
		}
		if rest := dropWarnings(errs.String(), countWarnings(caseDir)); rest != "" {
			diags = append(diags, "mc2cf: "+rest)
		}
	} else {
		cmd := exec.Command(refM4, "-D_CF_DIR_="+refCF+"/", refCF+"/m4/cf.m4", mcFile)
		cmd.Stdout, cmd.Stderr = &cf, &errs
		if err := cmd.Run(); err != nil {
			t.Fatalf("m4: %v: %s", err, errs.String())
		}
		if *update {
			recordWarnings(t, caseDir, errs.String())
		}
	}
	cfFile := filepath.Join(work, "sendmail.cf")
	os.WriteFile(cfFile, cf.Bytes(), 0o644)
	buildMaps(t, caseDir, mapDir, cfFile)
	in, err := os.ReadFile(filepath.Join(caseDir, "bt.in"))
	if err != nil {
		t.Fatal(err)
	}
	out := onHost(in, refSendmail, "-bt", "-C", cfFile)
	out = bytes.ReplaceAll(out, []byte(mapDir), []byte("@MAPDIR@"))
	for _, m := range diagRE.FindAll(out, -1) {
		diags = append(diags, string(m))
	}
	return finalLines(out), diags
}

// A FEATURE the reference warns about (relay_mail_from ...) must make us
// warn as often; the case's "warnings" file holds how many "*** WARNING"
// lines sendmail's cf printed (our wording is our own).
func recordWarnings(t *testing.T, caseDir, stderr string) {
	n := strings.Count(stderr, "*** WARNING")
	f := filepath.Join(caseDir, "warnings")
	if n == 0 {
		os.Remove(f)
		return
	}
	if err := os.WriteFile(f, []byte(fmt.Sprintln(n)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func countWarnings(caseDir string) int {
	b, err := os.ReadFile(filepath.Join(caseDir, "warnings"))
	if err != nil {
		return 0
	}
	var n int
	fmt.Sscan(string(b), &n)
	return n
}

// dropWarnings removes the n "*** WARNING" lines expected on stderr and
// returns the rest, with a note if there were more or fewer.
func dropWarnings(stderr string, n int) string {
	var rest []string
	got := 0
	for _, l := range strings.Split(strings.TrimRight(stderr, "\n"), "\n") {
		if strings.HasPrefix(l, "*** WARNING") && got < n {
			got++
			continue
		}
		if l != "" {
			rest = append(rest, l)
		}
	}
	if got < n {
		rest = append(rest, fmt.Sprintf("%d warnings, the reference printed %d", got, n))
	}
	return strings.Join(rest, "\n")
}

func caseDirs(t *testing.T, pattern string) []string {
	dirs, err := filepath.Glob(pattern)
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases in %s", pattern)
	}
	return dirs
}

func compareAnswers(t *testing.T, input string, want, got []string) int {
	t.Helper()
	lines := strings.Split(strings.TrimRight(input, "\n"), "\n")
	same := 0
	for i := range lines {
		w, g := at(want, i), at(got, i)
		if w == g {
			same++
		} else {
			t.Errorf("> %s\n   reference: %s\n   ours:      %s", lines[i], w, g)
		}
	}
	return same
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "<no answer>"
}

// TestConformanceCases: for every conformance case (copied into
// testdata/cases), the reference loads our .cf without a diagnostic and
// gives the same final answers as on sendmail's own .cf.
func TestConformanceCases(t *testing.T) {
	needReference(t)
	for _, dir := range caseDirs(t, "testdata/cases/*") {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			theirs, _ := runCase(t, dir, workDir(t, name+"-ref"), false)
			ours, diags := runCase(t, dir, workDir(t, name+"-ours"), true)
			for _, d := range diags {
				t.Errorf("diagnostic on our .cf: %s", d)
			}
			in, _ := os.ReadFile(filepath.Join(dir, "bt.in"))
			same := compareAnswers(t, string(in), theirs, ours)
			t.Logf("%s: %d/%d final answers identical", name, same, len(strings.Split(strings.TrimRight(string(in), "\n"), "\n")))
		})
	}
}

// TestFeatures: one case or more per FEATURE, MAILER and OSTYPE, each a
// .mc with its -bt input and the reference's answers on sendmail's own cf
// (want, made with -update). The reference must give the same answers on
// our .cf.
func TestFeatures(t *testing.T) {
	needReference(t)
	for _, dir := range caseDirs(t, "testdata/features/*") {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			wantFile := filepath.Join(dir, "want")
			if *update {
				theirs, _ := runCase(t, dir, workDir(t, name+"-ref"), false)
				os.WriteFile(wantFile, []byte(strings.Join(theirs, "\n")+"\n"), 0o644)
			}
			b, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			want := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
			ours, diags := runCase(t, dir, workDir(t, name+"-ours"), true)
			for _, d := range diags {
				t.Errorf("diagnostic on our .cf: %s", d)
			}
			in, _ := os.ReadFile(filepath.Join(dir, "bt.in"))
			compareAnswers(t, string(in), want, ours)
		})
	}
}

// TestCfDirIsM4: with --cf-dir, mc2cf prints what GNU m4 prints with that
// cf tree.
func TestCfDirIsM4(t *testing.T) {
	if _, err := os.Stat(refCF + "/m4/cf.m4"); err != nil {
		t.Skip("sendmail's cf tree is not installed (apt-get install sendmail-cf)")
	}
	if _, err := os.Stat(refM4); err != nil {
		t.Skip("GNU m4 is not installed")
	}
	mcs, _ := filepath.Glob(refCF + "/cf/*.mc")
	cases, _ := filepath.Glob("testdata/cases/*/config.mc")
	for _, mc := range append(mcs, cases...) {
		var want, wantErr, got, gotErr bytes.Buffer
		cmd := exec.Command(refM4, "-D_CF_DIR_="+refCF+"/", refCF+"/m4/cf.m4", mc)
		cmd.Stdout, cmd.Stderr = &want, &wantErr
		cmd.Run()
		Compile(Options{CfDir: refCF, Stdout: &got, Stderr: &gotErr, Program: "m4"}, mc)
		w, g := dropBuiltBy(want.String()), dropBuiltBy(got.String())
		if w != g {
			t.Errorf("%s: mc2cf --cf-dir output differs from GNU m4's", mc)
		}
		if strings.ReplaceAll(wantErr.String(), refM4+":", "m4:") != gotErr.String() {
			t.Errorf("%s: diagnostics differ:\n m4: %s\n ours: %s", mc, wantErr.String(), gotErr.String())
		}
	}
}

// dropBuiltBy removes the "##### built by user@host on date" line, which
// names the time of the run.
func dropBuiltBy(s string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if !strings.HasPrefix(l, "##### built by ") {
			b.WriteString(l)
		}
	}
	return b.String()
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if *update {
		fmt.Println("want files rewritten from the reference")
	}
	os.Exit(code)
}
