package maps

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const benchKeys = 1_000_000

func benchKey(i int) string { return fmt.Sprintf("user%07d@example%d.com", i, i%1000) }

// BenchmarkLookupCDB measures lookups in a 1,000,000-key map built by our
// writer (half of them for keys that are absent).
func BenchmarkLookupCDB(b *testing.B) {
	p := filepath.Join(b.TempDir(), "m.cdb")
	w, err := CreateCDB(p, 0o640)
	if err != nil {
		b.Fatal(err)
	}
	for i := range benchKeys {
		w.Add([]byte(benchKey(i)), []byte(fmt.Sprintf("relay-%d.example.net", i)))
	}
	if err := w.Commit(); err != nil {
		b.Fatal(err)
	}
	c, err := OpenCDB(p)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	keys := make([][]byte, 4096)
	for i := range keys {
		keys[i] = []byte(benchKey(i * 487 % (2 * benchKeys)))
	}
	b.ResetTimer()
	found := 0
	for i := 0; i < b.N; i++ {
		if _, ok := c.Get(keys[i&4095]); ok {
			found++
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
}

// BenchmarkLookupBDB measures lookups in a Berkeley DB hash file made by
// sendmail's makemap (skipped when it is not installed).
func BenchmarkLookupBDB(b *testing.B) {
	needRef(b, refMakemap)
	dir := b.TempDir()
	var src strings.Builder
	for i := range 100_000 {
		fmt.Fprintf(&src, "%s relay-%d.example.net\n", benchKey(i), i)
	}
	run(b, dir, []byte(src.String()), refMakemap, "hash", "m")
	db, err := OpenDBFile(filepath.Join(dir, "m.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	keys := make([][]byte, 4096)
	for i := range keys {
		keys[i] = []byte(benchKey(i * 487 % 200_000))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := db.Get(keys[i&4095]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
}

// BenchmarkMakemap builds a 1,000,000-key map from a source file.
func BenchmarkMakemap(b *testing.B) {
	dir := b.TempDir()
	src := filepath.Join(dir, "src")
	f, _ := os.Create(src)
	for i := range benchKeys {
		fmt.Fprintf(f, "%s relay-%d.example.net\n", benchKey(i), i)
	}
	f.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		in, _ := os.Open(src)
		if exit := Makemap(MakemapConfig{Type: "hash", MapName: filepath.Join(dir, "m"), NoSafety: true}, in, nil, os.Stderr); exit != 0 {
			b.Fatalf("exit %d", exit)
		}
		in.Close()
	}
}
