package maps

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// aliasResult renders what newaliases printed, its exit status and the
// sorted name:value pairs of the database it built.
func aliasResult(out string, exit int, pairs []string, file string) string {
	slices.Sort(pairs)
	return fmt.Sprintf("%s--- exit %d\n%s\n", strings.ReplaceAll(out, file, "ALIASES"), exit, strings.Join(pairs, "\n"))
}

func ourNewaliases(t *testing.T, src []byte) string {
	dir := t.TempDir()
	file := filepath.Join(dir, "aliases")
	os.WriteFile(file, src, 0o644)
	var out bytes.Buffer
	exit := Newaliases(NewaliasesOptions{AliasFiles: []string{file}, Owner: -1,
		AliasOptions: AliasOptions{LocalDomains: []string{"mx.example.com"}}}, &out)
	var pr bytes.Buffer
	Praliases("", file, nil, &pr, &pr)
	return aliasResult(out.String(), exit, strings.Split(strings.TrimSuffix(pr.String(), "\n"), "\n"), file)
}

func refNewaliases(t *testing.T, src []byte) string {
	out, exit, pr, file := refBuildAliases(t, t.TempDir(), src)
	return aliasResult(out, exit, strings.Split(strings.TrimSuffix(pr, "\n"), "\n"), file)
}

// refBuildAliases runs sendmail -bi on src in dir, with the installed
// sendmail.cf pointed at dir/aliases, then sendmail's praliases.
func refBuildAliases(t *testing.T, dir string, src []byte) (out string, exit int, pr, file string) {
	file = filepath.Join(dir, "aliases")
	os.WriteFile(file, src, 0o644)
	cfData, err := os.ReadFile(DefaultCf)
	if err != nil {
		t.Skipf("no %s for the reference sendmail: %v", DefaultCf, err)
	}
	var cf []string
	found := false
	for _, l := range strings.Split(string(cfData), "\n") {
		if strings.HasPrefix(l, "O AliasFile=") || strings.HasPrefix(l, "OA") {
			l = "O AliasFile=" + file
			found = true
		}
		cf = append(cf, l)
	}
	if !found {
		// Never let the reference rebuild the system's aliases.
		t.Skipf("%s names no AliasFile to redirect", DefaultCf)
	}
	cfFile := filepath.Join(dir, "sendmail.cf")
	os.WriteFile(cfFile, []byte(strings.Join(cf, "\n")), 0o644)
	// The reference stalls on a host name without a dot: give it one.
	out, errs, exit := run(t, dir, nil, "unshare", "-u", "sh", "-c",
		"hostname mx.example.com; exec "+refSendmail+" -bi -C "+cfFile)
	if errs != "" {
		t.Logf("reference stderr: %s", errs)
	}
	pr, _, _ = run(t, dir, nil, refPraliases, "-C", cfFile)
	return out, exit, pr, file
}

// TestNewaliasesGolden runs newaliases and praliases on each alias file in
// testdata/aliases and compares with the .out the reference printed.
func TestNewaliasesGolden(t *testing.T) {
	ins, _ := filepath.Glob("testdata/aliases/*.in")
	if len(ins) == 0 {
		t.Fatal("no test files")
	}
	_, refErr := os.Stat(refSendmail)
	_, unshareErr := exec.LookPath("unshare")
	for _, in := range ins {
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, _ := os.ReadFile(in)
			golden := strings.TrimSuffix(in, ".in") + ".out"
			if refErr == nil && unshareErr == nil {
				ref := refNewaliases(t, src)
				if *update {
					os.WriteFile(golden, []byte(ref), 0o644)
				}
				if want, _ := os.ReadFile(golden); ref != string(want) {
					t.Errorf("the reference disagrees with %s:\n%s", golden, ref)
				}
			} else {
				t.Log("reference sendmail not installed: comparing with the golden file only")
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got := ourNewaliases(t, src); got != string(want) {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestAliasDBFormat(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "aliases")
	os.WriteFile(file, []byte("Root: joe\nlist: a,\n  b\n"), 0o644)
	var out bytes.Buffer
	if exit := Newaliases(NewaliasesOptions{AliasFiles: []string{"hash:" + file}, Owner: -1}, &out); exit != 0 {
		t.Fatalf("exit %d: %s", exit, out.String())
	}
	if got := out.String(); got != file+": 2 aliases, longest 5 bytes, 16 bytes total\n" {
		t.Errorf("summary %q", got)
	}
	c, err := OpenCDB(file + ".db")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for k, v := range map[string]string{"root\x00": "joe\x00", "list\x00": "a,  b\x00", "@\x00": "@\x00"} {
		if got, ok := c.Get([]byte(k)); !ok || string(got) != v {
			t.Errorf("%q -> %q, %v; want %q", k, got, ok, v)
		}
	}
	var pr bytes.Buffer
	Praliases("", file, []string{"root", "nobody"}, &pr, &pr)
	if pr.String() != "root:joe\nnobody: No such key\n" {
		t.Errorf("praliases keys: %q", pr.String())
	}
}

func TestAliasFileOption(t *testing.T) {
	got := fmt.Sprint(ParseAliasFileOption("/etc/mail/aliases, hash:-N /x/al,nis:mail.aliases,cdb:/y/al"))
	want := "[{implicit /etc/mail/aliases /etc/mail/aliases.db} {hash /x/al /x/al.db} {cdb /y/al /y/al.cdb}]"
	if got != want {
		t.Errorf("got %s want %s", got, want)
	}
}

// TestPraliasesReadsReferenceDB: our praliases prints an alias database
// built by sendmail -bi (hash, with overflow pages) exactly as sendmail's
// praliases does.
func TestPraliasesReadsReferenceDB(t *testing.T) {
	needRef(t, refSendmail)
	needRef(t, refPraliases)
	if _, err := exec.LookPath("unshare"); err != nil {
		t.Skip("no unshare")
	}
	var src strings.Builder
	src.WriteString("big: " + strings.Repeat("user@example.com, ", 400) + "last\n")
	src.WriteString("Big2: " + strings.Repeat("q", 5000) + "\n")
	for i := range 2000 {
		fmt.Fprintf(&src, "a%d: b%d\n", i, i)
	}
	dir := t.TempDir()
	_, _, _, file := refBuildAliases(t, dir, []byte(src.String()))
	for _, keys := range [][]string{nil, {"big2", "a77", "nosuch"}} {
		want, _, _ := run(t, dir, nil, refPraliases, append([]string{"-f", file}, keys...)...)
		var got bytes.Buffer
		Praliases("", file, keys, &got, &got)
		if got.String() != want || len(want) < 1000 && keys == nil {
			t.Errorf("praliases %v: got %d bytes, want %d", keys, got.Len(), len(want))
		}
	}
}
