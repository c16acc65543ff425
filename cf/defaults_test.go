package cf

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestEmbeddedDev(t *testing.T) {
	dir := t.TempDir()
	text, err := Embedded("dev", filepath.Join(dir, "var"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"O QueueDirectory=" + dir + "/var/spool/mqueue", "Port=2525", "Addr=127.0.0.1",
		"O MailboxDirectory=" + dir + "/var/mail", "Mlocal,", "P=[LOCAL]"} {
		if !bytes.Contains(text, []byte(want)) {
			t.Errorf("the dev configuration lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "var", "spool", "mqueue")); err != nil {
		t.Error(err)
	}
	if _, err := Embedded("nosuch", dir); err == nil {
		t.Error("an unknown built-in configuration must be refused")
	}
}
