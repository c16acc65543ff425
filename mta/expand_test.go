package mta

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gosendmail/gosendmail/cf"
	"github.com/gosendmail/gosendmail/deliver"
	"github.com/gosendmail/gosendmail/maps"
	"github.com/gosendmail/gosendmail/ruleset"
)

// The expansion goldens: testdata/expand holds a .mc, an alias file,
// .forward and :include: files (@DIR@ standing for the directory they
// are copied to), and cases/NAME.in, the arguments of one `sendmail
// -bv` (one a line; after a line "--- message", the message -t reads);
// cases/NAME.out is what sendmail 8.17 printed for it, with the exit
// status on a last line "--- exit N". The users are those of a Debian
// system (fakeUsers), so the goldens hold on any machine.

type fakeUser struct {
	uid         int
	home, shell string
}

var fakeUsers = map[string]fakeUser{
	"root":   {0, "/root", "/bin/bash"},
	"daemon": {1, "/usr/sbin", "/usr/sbin/nologin"},
	"bin":    {2, "/bin", "/usr/sbin/nologin"},
	"sys":    {3, "/dev", "/usr/sbin/nologin"},
	"games":  {5, "/usr/games", "/usr/sbin/nologin"},
	"lp":     {7, "/var/spool/lpd", "/usr/sbin/nologin"},
	"mail":   {8, "/var/mail", "/usr/sbin/nologin"},
	"news":   {9, "/var/spool/news", "/usr/sbin/nologin"},
	"nobody": {65534, "/nonexistent", "/usr/sbin/nologin"},
}

func fakeLookup(name string) (*deliver.Account, error) {
	u, ok := fakeUsers[name]
	if !ok {
		return nil, errors.New("unknown user " + name)
	}
	return &deliver.Account{Name: name, UID: u.uid, GID: u.uid, Home: u.home}, nil
}

// textAliases is an alias database read from an alias file's text.
type textAliases map[string]string

func (a textAliases) Lookup(key string, _ []string) (string, bool, error) {
	v, ok := a[strings.ToLower(key)]
	return v, ok, nil
}
func (textAliases) Spec() *maps.Spec { return &maps.Spec{Name: "aliases"} }
func (textAliases) Close() error     { return nil }

// expandSetup copies testdata/expand to a new directory, compiles its
// .mc and reads its aliases.
func expandSetup(t *testing.T) (dir string, cfText []byte, aliases textAliases) {
	t.Helper()
	dir = t.TempDir()
	src := filepath.Join("testdata", "expand")
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if rel == "cases" {
			return filepath.SkipDir
		}
		to := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, bytes.ReplaceAll(b, []byte("@DIR@"), []byte(dir)), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "queue"), 0o700); err != nil {
		t.Fatal(err)
	}
	cfText, warnings, err := cf.CompileMC(filepath.Join(dir, "config.mc"), cf.Options{})
	if err != nil || warnings != "" {
		t.Fatalf("config.mc: %v %s", err, warnings)
	}
	aliases = textAliases{}
	text, err := os.ReadFile(filepath.Join(dir, "aliases"))
	if err != nil {
		t.Fatal(err)
	}
	err = maps.ParseAliases(bytes.NewReader(text), "aliases", maps.AliasOptions{},
		func(name, value string, _ int) { aliases[strings.ToLower(name)] = value },
		func(d maps.AliasDiag) { t.Errorf("aliases: %v", d) })
	if err != nil {
		t.Fatal(err)
	}
	return dir, cfText, aliases
}

// fakeSystem makes the users and shells those of fakeUsers, and root
// the user running sendmail, for the duration of the test.
func fakeSystem(t *testing.T) {
	shells := filepath.Join(t.TempDir(), "shells")
	if err := os.WriteFile(shells, []byte("# valid login shells\n/bin/sh\n/bin/bash\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	oldShell, oldShells, oldInvoker := userShell, validShells, invokerName
	userShell = func(name string) (string, bool) {
		u, ok := fakeUsers[name]
		return u.shell, ok
	}
	validShells = shells
	invokerName = func() string { return "root" }
	t.Cleanup(func() { userShell, validShells, invokerName = oldShell, oldShells, oldInvoker })
}

// runVerify runs `sendmail -bv` with the arguments and message of a
// case file on a fresh MTA; it returns what it printed and the exit
// status as the .out files have them.
func runVerify(t *testing.T, dir string, cfText []byte, aliases textAliases, in string) string {
	t.Helper()
	c := ruleset.ReadFrom(bytes.NewReader(cfText), filepath.Join(dir, "config.cf"), ruleset.ReadOptions{Out: io.Discard})
	m, err := New(c, filepath.Join(dir, "config.cf"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	m.Out, m.Err = &out, &out
	m.Lookup = fakeLookup
	m.aliasMaps = []maps.Map{aliases}
	in = strings.ReplaceAll(in, "@DIR@", dir)
	argText, msg, fromHeader := in, "", false
	if i := strings.Index(in, "--- message\n"); i >= 0 {
		argText, msg = in[:i], in[i+len("--- message\n"):]
	}
	var args []string
	if argText != "" {
		for _, a := range strings.Split(strings.TrimSuffix(argText, "\n"), "\n") {
			switch a {
			case "-v":
				m.Verbose = true
			case "-t":
				fromHeader = true
			default:
				args = append(args, a)
			}
		}
	}
	code := m.VerifyMessage(args, fromHeader, strings.NewReader(msg))
	return strings.ReplaceAll(out.String(), dir, "@DIR@") + "--- exit " + strconv.Itoa(code) + "\n"
}

// TestExpandGolden: each case prints what the reference printed.
func TestExpandGolden(t *testing.T) {
	fakeSystem(t)
	dir, cfText, aliases := expandSetup(t)
	ins, _ := filepath.Glob(filepath.Join("testdata", "expand", "cases", "*.in"))
	if len(ins) == 0 {
		t.Fatal("no cases")
	}
	for _, in := range ins {
		name := strings.TrimSuffix(filepath.Base(in), ".in")
		t.Run(name, func(t *testing.T) {
			text, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(strings.TrimSuffix(in, ".in") + ".out")
			if err != nil {
				t.Fatal(err)
			}
			if got := runVerify(t, dir, cfText, aliases, string(text)); got != string(want) {
				t.Errorf("sendmail -bv %q:\ngot:\n%swant:\n%s", text, got, want)
			}
		})
	}
}
