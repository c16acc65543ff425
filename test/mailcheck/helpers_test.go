package mailcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// fakeTB stands in for a test so that a helper's failure can be observed:
// Fatal and Skip record their message and end the goroutine.
type fakeTB struct {
	testing.TB
	mu      sync.Mutex
	fatal   string
	skipped string
	errors  []string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.mu.Lock()
	f.fatal = fmt.Sprintf(format, args...)
	f.mu.Unlock()
	runtime.Goexit()
}

func (f *fakeTB) Fatal(args ...any) { f.Fatalf("%s", fmt.Sprint(args...)) }
func (f *fakeTB) FailNow()          { f.Fatalf("FailNow") }

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
	f.mu.Unlock()
}

func (f *fakeTB) Error(args ...any) { f.Errorf("%s", fmt.Sprint(args...)) }

func (f *fakeTB) Skipf(format string, args ...any) {
	f.mu.Lock()
	f.skipped = fmt.Sprintf(format, args...)
	f.mu.Unlock()
	runtime.Goexit()
}

func (f *fakeTB) Skip(args ...any) { f.Skipf("%s", fmt.Sprint(args...)) }
func (f *fakeTB) SkipNow()         { f.Skipf("SkipNow") }

// mustFatal runs fn with a fakeTB and returns the message it failed with;
// the test fails if fn did not fail, and is skipped if fn skipped.
func mustFatal(t *testing.T, fn func(tb testing.TB)) string {
	t.Helper()
	f := &fakeTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	if f.skipped != "" {
		t.Skip(f.skipped)
	}
	if len(f.errors) > 0 {
		t.Errorf("unexpected errors: %q", f.errors)
	}
	if f.fatal == "" {
		t.Fatal("the helper did not fail the test")
	}
	return f.fatal
}

// needDovecot skips a test that cannot run Dovecot here, for the same
// reasons ReadMboxWithDovecot would.
func needDovecot(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(DovecotPath); err != nil {
		t.Skipf("Dovecot is not installed (%s: %v)", DovecotPath, err)
	}
	if os.Geteuid() != 0 {
		t.Skip("Dovecot's mail processes need root to be started as the user mail")
	}
}

// writeMbox writes s into a new file and returns its path.
func writeMbox(t *testing.T, s string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "mbox")
	if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkMessage compares one message with the header fields and body
// expected, and checks that RFC822.SIZE agrees with them.
func checkMessage(t *testing.T, m Message, seq int, header []Field, body string) {
	t.Helper()
	if m.Seq != seq {
		t.Errorf("message %d: Seq %d", seq, m.Seq)
	}
	if !reflect.DeepEqual(m.Header, header) {
		t.Errorf("message %d header:\n got %q\nwant %q\nraw %q", seq, m.Header, header, m.RawHeader)
	}
	if m.Body != body {
		t.Errorf("message %d body:\n got %q\nwant %q", seq, m.Body, body)
	}
	crlf := func(s string) int { return len(s) + strings.Count(s, "\n") }
	if want := crlf(m.RawHeader) + crlf(m.Body); m.Size != want {
		t.Errorf("message %d: RFC822.SIZE %d, header and body make %d", seq, m.Size, want)
	}
}

// subjects lists the Subject of every message.
func subjects(msgs []Message) []string {
	var s []string
	for _, m := range msgs {
		s = append(s, m.Get("Subject"))
	}
	return s
}
