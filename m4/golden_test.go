package m4

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The golden tests: each testdata/golden/NAME.m4 is run (with the options
// in NAME.args, if any) and must print NAME.out on standard output and
// NAME.err on standard error, followed there by "exit N". The expected
// files were made by GNU m4 1.4.19 (go test -run Golden -update, which needs
// /usr/bin/m4); TestGoldenAgainstGNU checks them against GNU m4 again when
// it is installed.

var update = flag.Bool("update", false, "rewrite the golden files from GNU m4")

const gnuM4 = "/usr/bin/m4"

func goldenCases(t *testing.T) []string {
	files, err := filepath.Glob("testdata/golden/*.m4")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	return files
}

func caseArgs(t *testing.T, file string) []string {
	b, err := os.ReadFile(strings.TrimSuffix(file, ".m4") + ".args")
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(b))
}

// runGNU runs GNU m4 in the golden directory.
func runGNU(t *testing.T, file string, args []string) (string, string) {
	cmd := exec.Command(gnuM4, append(args, filepath.Base(file))...)
	cmd.Args[0] = "m4" // as our runs name themselves, in diagnostics and __program__
	cmd.Dir = filepath.Dir(file)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	e := strings.ReplaceAll(errb.String(), gnuM4+":", "m4:")
	return out.String(), e + "exit " + strconv.Itoa(code) + "\n"
}

// runOurs runs the interpreter in-process with the options a command line
// would give; only the options the golden files use are understood here.
func runOurs(t *testing.T, file string, args []string) (string, string) {
	var out, errb bytes.Buffer
	opt := Options{Stdout: &out, Stderr: &errb, Program: "m4", Stdin: strings.NewReader("")}
	var actions []Action
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-s":
			actions = append(actions, Action{Kind: 's'})
		case a == "-P":
			opt.Prefix = true
		case a == "-G":
			opt.Traditional = true
		case a == "-Q":
			opt.Quiet = true
		case a == "-E":
			opt.FatalWarnings++
		case a == "-I":
			i++
			opt.IncludePath = append(opt.IncludePath, args[i])
		case a == "-L":
			i++
			opt.NestingLimit, _ = strconv.Atoi(args[i])
		case strings.HasPrefix(a, "-d"):
			opt.Debug = a[2:]
		case a == "-l":
			i++
			opt.ArgLength, _ = strconv.Atoi(args[i])
		case a == "-t":
			i++
			actions = append(actions, Action{Kind: 't', Name: args[i]})
		default:
			t.Fatalf("%s: option %q not supported by the test runner", file, a)
		}
	}
	wd, _ := os.Getwd()
	if err := os.Chdir(filepath.Dir(file)); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	actions = append(actions, Action{Kind: 'F', Name: filepath.Base(file)})
	code := New(opt).Run(actions)
	return out.String(), errb.String() + "exit " + strconv.Itoa(code) + "\n"
}

func TestGolden(t *testing.T) {
	for _, f := range goldenCases(t) {
		base := strings.TrimSuffix(f, ".m4")
		args := caseArgs(t, f)
		if *update {
			if _, err := os.Stat(gnuM4); err != nil {
				t.Skip("-update needs GNU m4 at " + gnuM4)
			}
			o, e := runGNU(t, f, args)
			os.WriteFile(base+".out", []byte(o), 0644)
			os.WriteFile(base+".err", []byte(e), 0644)
		}
		wantOut, err1 := os.ReadFile(base + ".out")
		wantErr, err2 := os.ReadFile(base + ".err")
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: missing golden files (run with -update)", f)
		}
		gotOut, gotErr := runOurs(t, f, args)
		if gotOut != string(wantOut) {
			t.Errorf("%s: stdout differs\n got: %q\nwant: %q", f, gotOut, wantOut)
		}
		if gotErr != string(wantErr) {
			t.Errorf("%s: stderr differs\n got: %q\nwant: %q", f, gotErr, wantErr)
		}
	}
}

func TestGoldenAgainstGNU(t *testing.T) {
	if _, err := os.Stat(gnuM4); err != nil {
		t.Skip("GNU m4 is not installed at " + gnuM4 + " (apt-get install m4)")
	}
	for _, f := range goldenCases(t) {
		args := caseArgs(t, f)
		wantOut, wantErr := runGNU(t, f, args)
		gotOut, gotErr := runOurs(t, f, args)
		if gotOut != wantOut || gotErr != wantErr {
			t.Errorf("%s: differs from GNU m4\nstdout got %q\n      want %q\nstderr got %q\n      want %q", f, gotOut, wantOut, gotErr, wantErr)
		}
	}
}
