package maps

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// FuzzParseAliases: any alias file parses without panicking, every alias
// has a name and a value and a line number within the file.
func FuzzParseAliases(f *testing.F) {
	for _, p := range []string{"testdata/aliases/constructs.in", "testdata/aliases/quirks.in"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("a: b\\\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		err := ParseAliases(bytes.NewReader(data), "f", AliasOptions{}, func(name, value string, line int) {
			if name == "" || value == "" || line < 1 || line > lines {
				t.Fatalf("bad alias %q:%q at line %d of %d", name, value, line, lines)
			}
		}, func(d AliasDiag) {
			if d.Line < 1 || d.Line > lines || d.Msg == "" {
				t.Fatalf("bad diagnostic %+v", d)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzParseSource: any makemap source parses without panicking; keys are
// folded and hold no separator; values are non-empty unless -e.
func FuzzParseSource(f *testing.F) {
	if b, err := os.ReadFile("testdata/makemap/general.in"); err == nil {
		f.Add(b, byte(0), false)
	}
	f.Add([]byte("a:b\n:c d\n"), byte(':'), true)
	f.Fuzz(func(t *testing.T, data []byte, sep byte, empty bool) {
		o := SourceOptions{Sep: sep, AllowEmpty: empty}
		err := ParseSource(bytes.NewReader(data), o, func(line int, k, v []byte) error {
			if bytes.ContainsAny(k, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
				t.Fatalf("key %q not folded", k)
			}
			if sep != 0 && !(sep >= 'a' && sep <= 'z') && bytes.IndexByte(k, sep) >= 0 {
				t.Fatalf("key %q holds the separator", k)
			}
			if !empty && len(v) == 0 {
				t.Fatalf("empty value at line %d", line)
			}
			if len(k)+len(v) >= maxSourceLine {
				t.Fatalf("record longer than a line")
			}
			return nil
		}, func(int, string) {})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzDBFile: a damaged CDB or Berkeley DB file gives errors, never a
// panic, whatever the walk or lookup.
func FuzzDBFile(f *testing.F) {
	dir := f.TempDir()
	w, _ := CreateCDB(dir+"/s.cdb", 0o600)
	w.Add([]byte("key"), []byte("value"))
	w.Add([]byte("other"), []byte("x"))
	w.Commit()
	if b, err := os.ReadFile(dir + "/s.cdb"); err == nil {
		f.Add(b)
	}
	for _, typ := range []string{"hash", "btree"} {
		if _, err := os.Stat(refMakemap); err == nil {
			cmd := exec.Command(refMakemap, typ, dir+"/"+typ)
			cmd.Stdin = bytes.NewReader([]byte("key value\nother x\nbig " + strings.Repeat("v", 900) + "\n"))
			if cmd.Run() == nil {
				if b, err := os.ReadFile(dir + "/" + typ + ".db"); err == nil {
					f.Add(b)
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var db DBFile
		if IsBDB(data) {
			d, err := parseBDB(data)
			if err != nil {
				return
			}
			db = bdbFile{BDB: d}
		} else {
			c, err := parseCDB(data)
			if err != nil {
				return
			}
			db = cdbFile{c}
		}
		n := 0
		db.Walk(func(k, v []byte) bool { n++; return n < 10000 })
		db.Get([]byte("key"))
		db.Get([]byte("nothere"))
	})
}
