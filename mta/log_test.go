package mta

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosendmail/gosendmail/cf"
	"github.com/gosendmail/gosendmail/mlog"
	"github.com/gosendmail/gosendmail/ruleset"
)

// testMTA is an MTA on a .cf compiled from a small .mc, its queue,
// aliases and mailboxes in a temporary directory.
func testMTA(t *testing.T) (*MTA, string) {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"queue", "mail"} {
		os.Mkdir(filepath.Join(dir, d), 0o700)
	}
	os.WriteFile(filepath.Join(dir, "aliases"), []byte("postmaster: root\n"), 0o644)
	mc := "OSTYPE(`debian')dnl\ndefine(`QUEUE_DIR', `" + dir + "/queue')dnl\n" +
		"define(`ALIAS_FILE', `" + dir + "/aliases')dnl\ndefine(`confDONT_PROBE_INTERFACES', `True')dnl\n" +
		"define(`LOCAL_MAILER_PATH', `[LOCAL]')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n" +
		"LOCAL_CONFIG\nO MailboxDirectory=" + dir + "/mail\n"
	mcPath := filepath.Join(dir, "t.mc")
	os.WriteFile(mcPath, []byte(mc), 0o644)
	text, _, err := cf.CompileMC(mcPath, cf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := ruleset.ReadFrom(bytes.NewReader(text), "t.cf", ruleset.ReadOptions{HostName: "mx.example.com", NoInterfaces: true})
	m, err := New(c, "t.cf")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	var out bytes.Buffer
	m.Out, m.Err = &out, &out
	return m, dir
}

// TestLogLines: a submission delivered at once logs its from= line, a
// to= line and done, in sendmail's formats.
func TestLogLines(t *testing.T) {
	m, _ := testMTA(t)
	var log bytes.Buffer
	m.Log = mlog.NewWriter(&log, 10) // done is logged from LogLevel 10
	m.DeliveryMode = 'i'
	code := m.Submit(&Submission{Input: strings.NewReader("Subject: logged\n\nx\n"), Recipients: []string{"root"}, IgnoreDots: true})
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	got := log.String()
	for _, want := range []string{": from=root, size=", ", class=0, nrcpts=1, msgid=<", ", relay=root@localhost",
		": to=root, ", "mailer=local, pri=", "dsn=2.0.0, stat=Sent", ": done; delay="} {
		if !strings.Contains(got, want) {
			t.Errorf("log lacks %q:\n%s", want, got)
		}
	}
}
