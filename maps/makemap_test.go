package maps

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden .out files from the reference sendmail")

type mmCase struct {
	name, typ, golden string
	flags             []string
}

var mmCases = []mmCase{
	{name: "none", typ: "hash"},
	{name: "N", typ: "hash", flags: []string{"-N"}},
	{name: "f", typ: "hash", flags: []string{"-f"}},
	{name: "t", typ: "hash", flags: []string{"-t", ":"}},
	{name: "D", typ: "hash", flags: []string{"-D", ";"}},
	{name: "d", typ: "btree", flags: []string{"-d"}},
	{name: "d-hash", typ: "hash", flags: []string{"-d"}},
	{name: "e", typ: "hash", flags: []string{"-e"}},
	{name: "r", typ: "hash", flags: []string{"-r"}},
	{name: "Nfe", typ: "btree", flags: []string{"-Nfe"}},
	{name: "tr", typ: "hash", flags: []string{"-r", "-t:"}},
	{name: "v", typ: "hash", flags: []string{"-v"}},
	{name: "implicit", typ: "implicit", golden: "none"},
	{name: "cdb", typ: "cdb", golden: "none"},
	{name: "cdb-N", typ: "cdb", flags: []string{"-N"}, golden: "N"},
	{name: "cdb-d", typ: "cdb", flags: []string{"-d"}, golden: "d"},
}

// makemapResult runs a makemap (ours or the reference) on src with the
// case's flags, then dumps the map with it, and renders what was seen.
func makemapResult(t *testing.T, bin string, c mmCase, src []byte) string {
	dir := t.TempDir()
	args := append(slices.Clone(c.flags), c.typ, "map")
	out, errs, exit := run(t, dir, src, bin, args...)
	dumpArgs := []string{"-u"}
	for i, f := range c.flags {
		if f == "-t" {
			dumpArgs = append(dumpArgs, "-t", c.flags[i+1])
		} else if strings.HasPrefix(f, "-t") {
			dumpArgs = append(dumpArgs, f)
		}
	}
	dump, derr, dexit := run(t, dir, nil, bin, append(dumpArgs, c.typ, "map")...)
	lines := strings.Split(strings.TrimSuffix(dump, "\n"), "\n")
	slices.Sort(lines)
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s--- dump (sorted), exit %d\n%s%s\n",
		exit, out, errs, dexit, derr, strings.Join(lines, "\n"))
}

// TestMakemapFlags builds the same source with each flag, with our makemap
// and (when installed) sendmail's, and compares messages, exit codes and
// the dumped records.
func TestMakemapFlags(t *testing.T) {
	ours := ourBin(t, "makemap")
	src, err := os.ReadFile("testdata/makemap/general.in")
	if err != nil {
		t.Fatal(err)
	}
	_, refErr := os.Stat(refMakemap)
	for _, c := range mmCases {
		t.Run(c.name, func(t *testing.T) {
			g := c.golden
			if g == "" {
				g = c.name
			}
			golden := filepath.Join("testdata/makemap", "general-"+g+".out")
			if c.golden == "" && refErr == nil {
				ref := makemapResult(t, refMakemap, c, src)
				if *update {
					os.WriteFile(golden, []byte(ref), 0o644)
				}
				want, _ := os.ReadFile(golden)
				if ref != string(want) {
					t.Errorf("reference disagrees with %s (run with -update):\n%s", golden, ref)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			got := makemapResult(t, ours, c, src)
			if got != string(want) {
				t.Errorf("makemap %v: got\n%s\nwant (%s)\n%s", c.flags, got, golden, want)
			}
		})
	}
}

// TestMakemapDumpsReference: our makemap -u prints a Berkeley DB file made
// by sendmail's makemap exactly as sendmail's makemap -u does.
func TestMakemapDumpsReference(t *testing.T) {
	needRef(t, refMakemap)
	ours := ourBin(t, "makemap")
	src, _ := os.ReadFile("testdata/makemap/general.in")
	var big strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&big, "key%d value-%d-%s\n", i, i, strings.Repeat("v", i%300))
	}
	fmt.Fprintf(&big, "bigval %s\n", strings.Repeat("B", 1000))
	for _, c := range []struct {
		typ   string
		flags []string
		src   string
	}{
		{"hash", nil, string(src)}, {"btree", nil, string(src)},
		{"hash", []string{"-N"}, string(src)}, {"btree", []string{"-d"}, string(src)},
		{"hash", []string{"-d"}, string(src)},
		{"hash", nil, big.String()}, {"btree", nil, big.String()},
		{"hash", []string{"-c", "1"}, big.String()},
	} {
		dir := t.TempDir()
		run(t, dir, []byte(c.src), refMakemap, append(c.flags, c.typ, "m")...)
		want, werr, wexit := run(t, dir, nil, refMakemap, "-u", c.typ, "m")
		got, gerr, gexit := run(t, dir, nil, ours, "-u", c.typ, "m")
		if got != want || gerr != werr || gexit != wexit {
			t.Errorf("%s %v: -u differs (exit %d/%d, stderr %q/%q); got %d bytes, want %d",
				c.typ, c.flags, gexit, wexit, gerr, werr, len(got), len(want))
		}
		// Lookups in the reference file answer like the dump.
		db, err := OpenDBFile(filepath.Join(dir, "m.db"))
		if err != nil {
			t.Fatal(err)
		}
		first := map[string]string{}
		for _, l := range strings.Split(strings.TrimSuffix(want, "\n"), "\n") {
			k, v, _ := strings.Cut(l, "\t")
			if _, ok := first[k]; !ok {
				first[k] = v
			}
		}
		for k, v := range first {
			key := k
			if slices.Contains(c.flags, "-N") {
				key += "\x00"
			}
			got, ok, err := db.Get([]byte(key))
			if !ok || err != nil || string(cstr(got)) != v {
				if !(slices.Contains(c.flags, "-d") && ok) {
					t.Errorf("%s %v: Get(%q) = %q, %v, %v; want %q", c.typ, c.flags, k, got, ok, err, v)
				}
			}
		}
		if _, ok, _ := db.Get([]byte("no-such-key")); ok {
			t.Errorf("found a missing key")
		}
		db.Close()
	}
}

func TestMakemapErrors(t *testing.T) {
	ours := ourBin(t, "makemap")
	cases := [][]string{
		{}, {"hash"}, {"-z", "hash", "m"}, {"hash", "m", "-t"}, {"foo", "m"}, {"dbm", "m"},
		{"-l"}, {"-u", "hash", "nonexistent"}, {"hash", "/nonexistent/dir/m"},
		{"-C", "/nonexistent.cf", "hash", "m"}, {"-u", "-t", "", "hash", "m"},
	}
	for _, args := range cases {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "m.db"), []byte("garbage that is no database\n"), 0o644)
		got, gerr, gexit := run(t, dir, []byte("a b\n"), ours, args...)
		if _, err := os.Stat(refMakemap); err != nil {
			if gexit == 0 && len(args) > 1 && args[0] != "-l" && args[0] != "-u" {
				t.Errorf("%v: exit 0", args)
			}
			continue
		}
		dir2 := t.TempDir()
		os.WriteFile(filepath.Join(dir2, "m.db"), []byte("garbage that is no database\n"), 0o644)
		want, werr, wexit := run(t, dir2, []byte("a b\n"), refMakemap, args...)
		werr = strings.ReplaceAll(werr, refMakemap+":", "makemap:")
		gerr = strings.ReplaceAll(gerr, ours+":", "makemap:")
		if len(args) > 0 && args[0] == "-l" {
			want = strings.Replace(want, "btree\n", "btree\ncdb\n", 1) // ours has cdb
		}
		if got != want || gerr != werr || gexit != wexit {
			t.Errorf("makemap %q:\ngot  exit %d out %q err %q\nwant exit %d out %q err %q", args, gexit, got, gerr, wexit, want, werr)
		}
	}
}
