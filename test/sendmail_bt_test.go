// Package test holds end-to-end tests of the commands in cmd/.
package test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildSendmail compiles cmd/sendmail into a temporary directory.
func buildSendmail(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "sendmail")
	cmd := exec.Command("go", "build", "-o", bin, "../cmd/sendmail")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestSendmailBt runs `sendmail -bt -C NAME.cf < NAME.in` on every golden
// case of ruleset/testdata/bt and compares with the reference's answer.
func TestSendmailBt(t *testing.T) {
	bin := buildSendmail(t)
	dir, _ := filepath.Abs("../ruleset/testdata/bt")
	cfs, _ := filepath.Glob(filepath.Join(dir, "*.cf"))
	if len(cfs) == 0 {
		t.Fatal("no golden cases")
	}
	for _, cf := range cfs {
		name := strings.TrimSuffix(filepath.Base(cf), ".cf")
		in, _ := os.ReadFile(filepath.Join(dir, name+".in"))
		want, _ := os.ReadFile(filepath.Join(dir, name+".out"))
		cmd := exec.Command(bin, "-bt", "-C", name+".cf")
		cmd.Dir = dir
		cmd.Stdin = bytes.NewReader(in)
		got, _ := cmd.CombinedOutput()
		if !bytes.Equal(got, want) {
			t.Errorf("%s: sendmail -bt answers differ from the reference's", name)
		}
	}
}

func TestSendmailFlags(t *testing.T) {
	bin := buildSendmail(t)
	dir, _ := filepath.Abs("../ruleset/testdata/bt")
	run := func(args ...string) (string, int) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Stdin = strings.NewReader("$v\n")
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		return string(out), code
	}
	out, _ := run("-d0.1", "-bt", "-Ccommands.cf")
	if !strings.HasPrefix(out, "Version 8.17.1.9\n Compiled with:") {
		t.Errorf("-d0.1: %q", out)
	}
	out, _ = run("-bt", "-C", "commands.cf", "-O", "OperatorChars=.@")
	if !strings.Contains(out, "> 8.17.1.9\n") {
		t.Errorf("-O: %q", out)
	}
	if out, code := run("-bs", "-C", "commands.cf"); code != 0 || !strings.Contains(out, "\n220 ") {
		t.Errorf("-bs: exit %d %q", code, out)
	}
	if out, code := run("-Z"); code != 64 || !strings.Contains(out, "illegal option") {
		t.Errorf("-Z: exit %d %q", code, out)
	}
	if out, code := run("-bt", "-C", "nonexistent.cf"); code == 0 {
		t.Errorf("missing cf: exit 0 %q", out)
	}
}
