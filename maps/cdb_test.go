package maps

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

const tinycdb = "/usr/bin/cdb"

func testRecords(n int) [][2]string {
	var recs [][2]string
	for i := range n {
		recs = append(recs, [2]string{fmt.Sprintf("key-%d", i%(n-n/10)), fmt.Sprintf("value %d %s", i, bytes.Repeat([]byte{'v'}, i%50))})
	}
	recs = append(recs, [2]string{"", "empty key"}, [2]string{"empty value", ""}, [2]string{"nul\x00key", "nul\x00val"})
	return recs
}

func writeTestCDB(t *testing.T, path string, recs [][2]string) {
	w, err := CreateCDB(path, 0o640)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := w.Add([]byte(r[0]), []byte(r[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
}

// tinycdb's -d format: +klen,vlen:key->val\n ... \n
func cdbDumpFormat(recs [][2]string) string {
	var b bytes.Buffer
	for _, r := range recs {
		fmt.Fprintf(&b, "+%d,%d:%s->%s\n", len(r[0]), len(r[1]), r[0], r[1])
	}
	b.WriteString("\n")
	return b.String()
}

func TestCDBRoundTrip(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.cdb")
	recs := testRecords(3000)
	writeTestCDB(t, p, recs)
	c, err := OpenCDB(p)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	first := map[string]string{}
	all := map[string][]string{}
	for _, r := range recs {
		if _, ok := first[r[0]]; !ok {
			first[r[0]] = r[1]
		}
		all[r[0]] = append(all[r[0]], r[1])
	}
	for k, v := range first {
		got, ok := c.Get([]byte(k))
		if !ok || string(got) != v {
			t.Fatalf("Get(%q) = %q, %v; want %q", k, got, ok, v)
		}
		if n := len(c.GetAll([]byte(k))); n != len(all[k]) {
			t.Fatalf("GetAll(%q): %d values, want %d", k, n, len(all[k]))
		}
	}
	if _, ok := c.Get([]byte("missing")); ok {
		t.Fatal("found a missing key")
	}
	var walked [][2]string
	c.Walk(func(k, v []byte) bool { walked = append(walked, [2]string{string(k), string(v)}); return true })
	if fmt.Sprint(walked) != fmt.Sprint(recs) {
		t.Fatal("Walk does not give the records in order")
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v", st.Mode())
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".*")); len(m) != 0 {
		t.Errorf("temporary files left: %v", m)
	}
}

func TestCDBAbortLeavesOldFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.cdb")
	writeTestCDB(t, p, [][2]string{{"a", "1"}})
	w, _ := CreateCDB(p, 0o640)
	w.Add([]byte("b"), []byte("2"))
	w.Abort()
	c, err := OpenCDB(p)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := c.Get([]byte("a")); !ok || string(v) != "1" {
		t.Fatal("old file lost")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("left behind: %v", ents)
	}
}

// TestCDBTinycdb: tinycdb dumps and queries our files, and we read its.
func TestCDBTinycdb(t *testing.T) {
	if _, err := os.Stat(tinycdb); err != nil {
		t.Skip("tinycdb is not installed (apt-get install tinycdb); skipping")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "ours.cdb")
	recs := testRecords(2000)
	writeTestCDB(t, p, recs)
	out, err := exec.Command(tinycdb, "-d", p).Output()
	if err != nil {
		t.Fatalf("cdb -d: %v", err)
	}
	if string(out) != cdbDumpFormat(recs) {
		t.Fatalf("cdb -d output differs")
	}
	for _, k := range []string{"key-0", "key-1799", "empty value", ""} {
		out, err := exec.Command(tinycdb, "-q", "-n", "1", p, k).Output()
		want := ""
		for _, r := range recs {
			if r[0] == k {
				want = r[1]
				break
			}
		}
		if err != nil || string(out) != want {
			t.Errorf("cdb -q %q = %q, %v; want %q", k, out, err, want)
		}
	}
	if err := exec.Command(tinycdb, "-q", p, "missing").Run(); err == nil {
		t.Error("cdb -q found a missing key")
	}
	// A file made by cdb -c answers our lookups.
	tp := filepath.Join(dir, "theirs.cdb")
	cmd := exec.Command(tinycdb, "-c", tp)
	cmd.Stdin = bytes.NewReader([]byte(cdbDumpFormat(recs)))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cdb -c: %v %s", err, out)
	}
	c, err := OpenCDB(tp)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, r := range recs {
		vals := c.GetAll([]byte(r[0]))
		found := false
		for _, v := range vals {
			found = found || string(v) == r[1]
		}
		if !found {
			t.Fatalf("%q -> %q missing from cdb -c's file", r[0], r[1])
		}
	}
	// And our makemap's maps (hash type, .db name) dump with cdb -d.
	mm := ourBin(t, "makemap")
	_, errs, exit := run(t, dir, []byte("Key val\nother x y\n"), mm, "hash", "mm")
	if exit != 0 {
		t.Fatalf("makemap: %d %s", exit, errs)
	}
	out, err = exec.Command(tinycdb, "-d", filepath.Join(dir, "mm.db")).Output()
	if err != nil || string(out) != "+3,3:key->val\n+5,3:other->x y\n\n" {
		t.Fatalf("cdb -d mm.db = %q, %v", out, err)
	}
}

func TestCDBRejectsGarbage(t *testing.T) {
	for _, d := range [][]byte{nil, []byte("short"), bytes.Repeat([]byte{0xff}, 4096)} {
		if _, err := parseCDB(d); err == nil {
			t.Errorf("parseCDB(%d bytes) accepted garbage", len(d))
		}
	}
}
