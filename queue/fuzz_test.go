package queue

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzParse: any control file is read without a panic or a hang, and
// what we write for an envelope we read reads back the same.
func FuzzParse(f *testing.F) {
	seed, _ := os.ReadFile("testdata/ref-basic.qf")
	f.Add(seed)
	f.Add([]byte("V8\nT1\nK0\nN0\nP1\nSa\nR:b\nH??X: y\n\tz\n.\n"))
	f.Add([]byte("V0\nRplain@example.com\nCjoe:alias\n.\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			e, err := Parse(bytes.NewReader(data), "fuzz")
			if err != nil {
				return
			}
			out := e.Bytes()
			e2, err := Parse(bytes.NewReader(out), "again")
			if err != nil {
				t.Fatalf("our own output does not read back: %v\n%q", err, out)
			}
			if again := e2.Bytes(); !bytes.Equal(again, out) {
				t.Fatalf("write is not stable:\n%q\n%q", out, again)
			}
			// The listing reads the same bytes its own way.
			dir := t.TempDir()
			d := &Dir{Root: dir, Name: "."}
			os.WriteFile(filepath.Join(dir, "qf00000000000001"), data, 0o600)
			var b bytes.Buffer
			w := bufio.NewWriter(&b)
			ws, _ := d.gather(ListOptions{})
			for _, wk := range ws {
				d.listOne(w, wk, ListOptions{Verbose: true})
			}
			w.Flush()
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("Parse did not return in 10 s")
		}
	})
}
