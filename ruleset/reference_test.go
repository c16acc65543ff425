package ruleset

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const (
	refSendmail = "/usr/libexec/sendmail/sendmail"
	refCFDir    = "/usr/share/sendmail/cf"
	gnuM4       = "/usr/bin/m4"
)

// needReference skips unless the reference sendmail can run here with
// the host name mx.example.com (it sleeps a minute on a host name
// without a domain, so it runs in a UTS namespace of its own).
func needReference(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(refSendmail); err != nil {
		t.Skip("reference sendmail not installed (apt-get install sendmail-bin)")
	}
	if err := exec.Command("unshare", "-u", "true").Run(); err != nil {
		t.Skip("unshare -u not permitted: the reference would sleep on this host name")
	}
}

// runReference answers in with the reference's sendmail -bt -C cf.
func runReference(t *testing.T, dir, cf string, in []byte) []byte {
	t.Helper()
	cmd := exec.Command("unshare", "-u", "sh", "-c",
		`hostname mx.example.com && exec "$0" -bt -C "$1"`, refSendmail, cf)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(in)
	out, _ := cmd.CombinedOutput()
	return out
}

var sLine = regexp.MustCompile(`(?m)^S([A-Za-z0-9_]+)`)

// dumpInput is "=S" for every ruleset of a .cf, then "=M".
func dumpInput(cf []byte) []byte {
	var b bytes.Buffer
	for _, m := range sLine.FindAllSubmatch(cf, -1) {
		b.WriteString("=S")
		b.Write(m[1])
		b.WriteByte('\n')
	}
	b.WriteString("=M\n")
	return b.Bytes()
}

// TestReferenceCFTree: every .cf GNU m4 builds from sendmail's cf tree,
// and Debian's /etc/mail/sendmail.cf, load with the reference's
// diagnostics and print the same =S for every ruleset and =M.
func TestReferenceCFTree(t *testing.T) {
	needReference(t)
	if _, err := os.Stat(gnuM4); err != nil {
		t.Skip("GNU m4 not installed")
	}
	mcs, _ := filepath.Glob(refCFDir + "/cf/*.mc")
	if len(mcs) == 0 {
		t.Skip("sendmail-cf not installed (no " + refCFDir + "/cf/*.mc)")
	}
	dir := t.TempDir()
	var cfs []string
	for _, mc := range mcs {
		name := strings.TrimSuffix(filepath.Base(mc), ".mc") + ".cf"
		out, err := exec.Command(gnuM4, "-D_CF_DIR_="+refCFDir+"/", refCFDir+"/m4/cf.m4", mc).Output()
		if err != nil {
			t.Fatalf("m4 %s: %v", mc, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), out, 0o644); err != nil {
			t.Fatal(err)
		}
		cfs = append(cfs, name)
	}
	if data, err := os.ReadFile("/etc/mail/sendmail.cf"); err == nil {
		os.WriteFile(filepath.Join(dir, "debian-sendmail.cf"), data, 0o644)
		cfs = append(cfs, "debian-sendmail.cf")
	}
	t.Chdir(dir)
	for _, cf := range cfs {
		t.Run(cf, func(t *testing.T) {
			data, _ := os.ReadFile(cf)
			in := dumpInput(data)
			want := runReference(t, dir, cf, in)
			got := runTestMode(t, cf, in)
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the reference\n%s", cf, lineDiff(string(want), string(got)))
			}
		})
	}
}

// TestGoldenMatchesReference checks the committed golden answers are
// still the reference's.
func TestGoldenMatchesReference(t *testing.T) {
	needReference(t)
	files, _ := filepath.Glob("testdata/bt/*.cf")
	dir, _ := filepath.Abs("testdata/bt")
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".cf")
		in, _ := os.ReadFile(filepath.Join(dir, name+".in"))
		want, _ := os.ReadFile(filepath.Join(dir, name+".out"))
		got := runReference(t, dir, name+".cf", in)
		if !bytes.Equal(got, want) {
			t.Errorf("%s.out is not the reference's answer any more\n%s", name, lineDiff(string(got), string(want)))
		}
	}
}
