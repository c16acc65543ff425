package deliver

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestProgramExitCodes: each exit code gives the transcript line, DSN
// status and outcome that sendmail 8.17 gave for `|exit N` aliases.
func TestProgramExitCodes(t *testing.T) {
	const addr = `"|exit N"`
	cases := []struct {
		exit int
		kind Kind
		line string
		dsn  string
	}{
		{0, Delivered, `250 2.0.0 "|exit N"... Sent`, "2.0.0"},
		{1, PermFail, "554 5.3.0 unknown mailer error 1", "5.0.0"},
		{2, PermFail, "554 5.3.0 unknown mailer error 2", "5.0.0"},
		{64, PermFail, "500 5.0.0 Command line usage error", "5.5.4"},
		{65, PermFail, "501 5.6.0 Data format error", "5.5.2"},
		{66, PermFail, `550 5.3.0 "|exit N"... Cannot open input`, "5.3.0"},
		{67, PermFail, `550 5.1.1 "|exit N"... User unknown`, "5.1.1"},
		{68, PermFail, `550 5.1.2 "|exit N"... Host unknown (Name server: host not found)`, "5.1.2"},
		{69, PermFail, "554 5.0.0 Service unavailable", "5.5.0"},
		{70, PermFail, "554 5.3.0 Internal error", "5.5.0"},
		{71, TempFail, `451 4.0.0 "|exit N"... Operating system error`, "4.0.0"},
		{72, PermFail, "554 5.3.5 System file missing", "5.5.0"},
		{73, PermFail, `550 5.0.0 "|exit N"... Can't create output`, "5.3.0"},
		{74, TempFail, `451 4.0.0 "|exit N"... I/O error`, "4.0.0"},
		{75, TempFail, `450 4.0.0 "|exit N"... Deferred: prog mailer (/bin/sh) exited with EX_TEMPFAIL`, "4.0.0"},
		{76, PermFail, "554 5.5.0 Remote protocol error", "5.5.0"},
		{77, PermFail, `550 5.0.0 "|exit N"... Insufficient permission`, "5.3.0"},
		{78, PermFail, "554 5.3.5 Local configuration error", "5.5.0"},
		{127, PermFail, "554 5.3.0 unknown mailer error 127", "5.0.0"},
	}
	p := &Program{}
	for _, c := range cases {
		st := p.Deliver(context.Background(), "echo said $0; exit "+strconv.Itoa(c.exit), msg("x\n"))
		if st.Kind != c.kind || st.Line(addr) != c.line || st.DSN != c.dsn || st.Exit != c.exit {
			t.Errorf("exit %d: %v %q DSN %s exit %d; want %v %q DSN %s",
				c.exit, st.Kind, st.Line(addr), st.DSN, st.Exit, c.kind, c.line, c.dsn)
		}
		if c.exit != 0 && st.Output != "said sh\n" {
			t.Errorf("exit %d: output %q", c.exit, st.Output)
		}
	}
}

// TestProgramInput: the program reads the From line and the message as it
// is ("From " lines not escaped, no blank line after), in an environment
// holding AGENT=sendmail and what Env adds, in directory "/".
func TestProgramInput(t *testing.T) {
	dir := t.TempDir()
	p := &Program{Env: []string{"TZ=UTC"}}
	cmd := "cat > " + dir + "/body; env > " + dir + "/env; pwd > " + dir + "/pwd"
	st := p.Deliver(context.Background(), cmd, msg("From me\n>From you\n\nFrom x\nno newline"))
	if !st.OK() {
		t.Fatal(st)
	}
	body, _ := os.ReadFile(filepath.Join(dir, "body"))
	want := "From sender@example.org Wed Nov 25 19:04:46 2026\nSubject: t\n\nFrom me\n>From you\n\nFrom x\nno newline\n"
	if string(body) != want {
		t.Errorf("stdin\n got %q\nwant %q", body, want)
	}
	env, _ := os.ReadFile(filepath.Join(dir, "env"))
	for _, v := range []string{"AGENT=sendmail\n", "TZ=UTC\n"} {
		if !strings.Contains(string(env), v) {
			t.Errorf("environment lacks %q:\n%s", v, env)
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(string(env)), "\n") {
		name, _, _ := strings.Cut(l, "=")
		switch name {
		case "AGENT", "TZ", "PWD", "SHLVL", "_", "OLDPWD":
		default:
			t.Errorf("environment has %q from our own", l)
		}
	}
	if pwd, _ := os.ReadFile(filepath.Join(dir, "pwd")); string(pwd) != "/\n" {
		t.Errorf("working directory %q", pwd)
	}
}

// TestProgramNotReading: a program that exits 0 without reading a big
// message has still taken it.
func TestProgramNotReading(t *testing.T) {
	st := (&Program{}).Deliver(context.Background(), "exit 0", msg(strings.Repeat("y\n", 1<<20)))
	if !st.OK() {
		t.Fatal(st)
	}
}

func TestProgramSignalAndTimeout(t *testing.T) {
	st := (&Program{}).Deliver(context.Background(), "kill -9 $$", msg("x\n"))
	wantStatus(t, st, TempFail, 450, "4.0.0")
	if st.Text != "mailer prog died with signal 9" {
		t.Errorf("text %q", st.Text)
	}
	start := time.Now()
	st = (&Program{Timeout: 200 * time.Millisecond}).Deliver(context.Background(), "sleep 30 & sleep 30", msg("x\n"))
	if st.Kind != TempFail {
		t.Errorf("timeout: %+v", st)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("timeout took %v", d)
	}
}

func TestProgramOutputCapped(t *testing.T) {
	st := (&Program{MaxOutput: 10}).Deliver(context.Background(), "echo 0123456789abcdef; exit 1", msg("x\n"))
	if st.Output != "0123456789" {
		t.Errorf("output %q", st.Output)
	}
	if got := st.Transcript(`"|x"`); got != "0123456789\n554 5.3.0 unknown mailer error 1\n" {
		t.Errorf("transcript %q", got)
	}
}
