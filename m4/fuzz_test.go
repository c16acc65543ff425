package m4

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzM4 runs arbitrary input through the interpreter with the shell and
// file access disabled. It fails on a panic or on a run longer than 2 s (the
// interpreter's own deadline is 200 ms, so an endless expansion ends by
// itself; nesting is capped at 1,000 levels and each argument list and
// expansion at 256 KiB (Sandbox) to keep workers small).
// Seeds: the golden inputs, which include the conformance m4 files.
func FuzzM4(f *testing.F) {
	files, _ := filepath.Glob("testdata/golden/*.m4")
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(string(b))
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		done := make(chan int, 1)
		go func() {
			in := New(Options{
				Stdout: io.Discard, Stderr: io.Discard, Stdin: strings.NewReader(src),
				Sandbox: true, Deadline: time.Now().Add(200 * time.Millisecond), MaxDepth: 1000,
			})
			done <- in.Run(nil)
		}()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			t.Fatalf("run longer than 2 s on %q", src)
		}
	})
}
