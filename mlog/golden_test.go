package mlog

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The files of testdata are pairs: NAME.in holds a record (JSON: its type,
// the -L tag, the record) and NAME.out the lines the reference logged for
// it, written by the reference tests with -update. Strings in the JSON
// are Latin-1, one character a byte, so 8-bit bytes survive.

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	e.SetIndent("", "\t")
	err := e.Encode(v)
	return b.Bytes(), err
}

// latin1 returns a copy of r whose strings are turned into (encode:
// false) or back from (true) Latin-1 text.
func latin1(r Record, back bool) Record {
	v := reflect.New(reflect.TypeOf(r).Elem())
	v.Elem().Set(reflect.ValueOf(r).Elem())
	conv := func(s string) string {
		if back {
			b := make([]byte, 0, len(s))
			for _, c := range s {
				b = append(b, byte(c))
			}
			return string(b)
		}
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			b.WriteRune(rune(s[i]))
		}
		return b.String()
	}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			v.SetString(conv(v.String()))
		case reflect.Slice:
			n := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
			reflect.Copy(n, v)
			v.Set(n)
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		case reflect.Pointer:
			if !v.IsNil() {
				n := reflect.New(v.Type().Elem())
				n.Elem().Set(v.Elem())
				v.Set(n)
				walk(n.Elem())
			}
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				walk(v.Field(i))
			}
		}
	}
	walk(v.Elem())
	return v.Interface().(Record)
}

func readGolden(t *testing.T, path string) (Record, string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	r := newOfType(g.Type)
	if r == nil {
		t.Fatalf("%s: no record type %q", path, g.Type)
	}
	if err := json.Unmarshal(g.Record, r); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return latin1(r, true), g.Tag
}

func TestGolden(t *testing.T) {
	ins, _ := filepath.Glob(filepath.Join("testdata", "*.in"))
	if len(ins) == 0 {
		t.Fatal("no testdata/*.in")
	}
	for _, in := range ins {
		r, tag := readGolden(t, in)
		want, err := os.ReadFile(strings.TrimSuffix(in, ".in") + ".out")
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(FormatTag(r, tag), "\n") + "\n"
		if got != string(want) {
			t.Errorf("%s:\n got %q\nwant %q", in, got, want)
		}
		// a message read back (Parse) is written the same again
		lines := strings.Split(strings.TrimSuffix(string(want), "\n"), "\n")
		if j := Join(lines); len(j) == 1 {
			p, err := Parse(j[0])
			if err != nil {
				t.Errorf("%s: Parse(%q): %v", in, j[0], err)
			} else if again := FormatTag(p, tag); !reflect.DeepEqual(again, lines) {
				t.Errorf("%s: Format(Parse) =\n%q\nwant\n%q", in, again, lines)
			}
		}
	}
}
