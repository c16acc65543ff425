package maps

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// Helpers shared by the tests that run our commands and sendmail's.

const (
	refMakemap   = "/usr/libexec/sendmail/makemap"
	refSendmail  = "/usr/libexec/sendmail/sendmail"
	refPraliases = "/usr/libexec/sendmail/praliases"
)

var (
	binDir  string
	binOnce sync.Map // command name -> *sync.Once
	binErr  sync.Map
)

func TestMain(m *testing.M) {
	d, err := os.MkdirTemp("", "maps-bin")
	if err != nil {
		panic(err)
	}
	binDir = d
	code := m.Run()
	os.RemoveAll(d)
	os.Exit(code)
}

// ourBin builds cmd/name once and returns its path.
func ourBin(t testing.TB, name string) string {
	t.Helper()
	o, _ := binOnce.LoadOrStore(name, new(sync.Once))
	p := filepath.Join(binDir, name)
	o.(*sync.Once).Do(func() {
		out, err := exec.Command("go", "build", "-o", p, "../cmd/"+name).CombinedOutput()
		if err != nil {
			binErr.Store(name, string(out))
		}
	})
	if e, ok := binErr.Load(name); ok {
		t.Fatalf("building %s: %s", name, e)
	}
	return p
}

func needRef(t testing.TB, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Skipf("reference %s is not installed (apt-get install sendmail-bin); skipping the comparison", path)
	}
}

// run runs a command in dir and returns its output and exit status.
func run(t testing.TB, dir string, stdin []byte, name string, args ...string) (stdout, stderr string, exit int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(stdin)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		exit = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return o.String(), e.String(), exit
}
