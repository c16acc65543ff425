package deliver

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// goldenCase is one testdata/file pair with the sender and date read back
// from the reference's From line.
type goldenCase struct {
	name    string
	in, out []byte
	sender  string
	date    time.Time
}

func goldenCases(t *testing.T) []goldenCase {
	t.Helper()
	ins, err := filepath.Glob("testdata/file/*.in")
	if err != nil || len(ins) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	var cs []goldenCase
	for _, in := range ins {
		base := strings.TrimSuffix(in, ".in")
		inb, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		outb, err := os.ReadFile(base + ".out")
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := bytes.Cut(outb, []byte("\n"))
		line := strings.TrimPrefix(string(first), "From ")
		if len(line) < len(ctimeLayout)+1 {
			t.Fatalf("%s: bad From line %q", base, first)
		}
		date, err := time.ParseInLocation(ctimeLayout, line[len(line)-len(ctimeLayout):], time.UTC)
		if err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		cs = append(cs, goldenCase{
			name: filepath.Base(base), in: inb, out: outb,
			sender: line[:len(line)-len(ctimeLayout)-1], date: date,
		})
	}
	return cs
}

// TestGoldenFile: File delivery writes what sendmail's file mailer wrote.
func TestGoldenFile(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ffile")
			st := (&File{}).Deliver(path, NewMessage(c.sender, c.date, c.in))
			if !st.OK() {
				t.Fatalf("Deliver: %v", st)
			}
			got, _ := os.ReadFile(path)
			if !bytes.Equal(got, c.out) {
				t.Errorf("output differs from sendmail's\n got: %q\nwant: %q", clip(got), clip(c.out))
			}
		})
	}
}

// TestGoldenMailbox: local delivery writes the same, but always ends a
// message with an empty line. Two messages in a row must both be there.
func TestGoldenMailbox(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			mb := testMailbox(t)
			want := c.out
			if len(c.in) > 0 && c.in[len(c.in)-1] != '\n' {
				want = append(append([]byte{}, c.out...), '\n')
			}
			for i := 0; i < 2; i++ {
				if st := mb.Deliver(me(t), NewMessage(c.sender, c.date, c.in)); !st.OK() {
					t.Fatalf("Deliver: %v", st)
				}
			}
			got, _ := os.ReadFile(mb.Path(me(t)))
			if !bytes.Equal(got, append(append([]byte{}, want...), want...)) {
				t.Errorf("mailbox\n got: %q\nwant twice: %q", clip(got), clip(want))
			}
		})
	}
}

func clip(b []byte) string {
	if len(b) > 600 {
		return string(b[:300]) + " ... " + string(b[len(b)-300:])
	}
	return string(b)
}

func TestUnixFromLine(t *testing.T) {
	d := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ sender, want string }{
		{"a@b", "From a@b Mon Jan  1 00:00:00 2024"},
		{"", "From  Mon Jan  1 00:00:00 2024"},
	} {
		if got := UnixFromLine(c.sender, d); got != c.want {
			t.Errorf("UnixFromLine(%q) = %q, want %q", c.sender, got, c.want)
		}
	}
}

// TestWriteMessageEscapes covers the three escape modes and CR handling
// on a line split across the reader's buffer.
func TestWriteMessageEscapes(t *testing.T) {
	in := "Subject: x\n\nFrom a\nb\nFrom c\n\nFrom d\n>From e\n"
	for _, c := range []struct {
		esc  Escape
		want string
	}{
		{EscapeNone, in},
		{EscapeAll, "Subject: x\n\n>From a\nb\n>From c\n\n>From d\n>From e\n"},
		{EscapeAfterBlank, "Subject: x\n\n>From a\nb\nFrom c\n\n>From d\n>From e\n"},
	} {
		var b bytes.Buffer
		if err := WriteMessage(&b, Format{Escape: c.esc}, strings.NewReader(in)); err != nil {
			t.Fatal(err)
		}
		if b.String() != c.want {
			t.Errorf("escape %d: got %q, want %q", c.esc, b.String(), c.want)
		}
	}
	// A "\r\n" falling on the 64 KiB buffer boundary is still one line end.
	long := strings.Repeat("y", 64<<10-1) + "\r\nFrom z\r\n"
	var b bytes.Buffer
	if err := WriteMessage(&b, Format{Escape: EscapeAll}, strings.NewReader(long)); err != nil {
		t.Fatal(err)
	}
	if want := strings.Repeat("y", 64<<10-1) + "\n>From z\n"; b.String() != want {
		t.Errorf("CRLF across the buffer: got ...%q", b.String()[len(b.String())-20:])
	}
}
