package cf

import (
	"embed"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

//go:embed defaults/*.mc
var defaults embed.FS

// EmbeddedPrefix names a built-in configuration in place of a file:
// sendmail -C embedded:dev.
const EmbeddedPrefix = "embedded:"

// Embedded compiles the built-in configuration name ("dev") with its
// directories under varDir, which it creates (queue, mailboxes, host
// status, pid file) with an empty alias file if there is none. It
// returns the .cf text.
func Embedded(name, varDir string) ([]byte, error) {
	src, err := defaults.ReadFile("defaults/" + name + ".mc")
	if err != nil {
		return nil, fmt.Errorf("no built-in configuration %q (there is: dev)", name)
	}
	abs, err := filepath.Abs(varDir)
	if err != nil {
		return nil, err
	}
	for _, d := range []string{"spool/mqueue", "mail", "hoststat", "run"} {
		mode := os.FileMode(0o755)
		if d == "spool/mqueue" {
			mode = 0o700
		}
		if err := os.MkdirAll(filepath.Join(abs, d), mode); err != nil {
			return nil, err
		}
	}
	aliases := filepath.Join(abs, "aliases")
	if _, err := os.Stat(aliases); os.IsNotExist(err) {
		if err := os.WriteFile(aliases, []byte("# name: value, as in /etc/aliases\npostmaster: root\n"), 0o644); err != nil {
			return nil, err
		}
	}
	f, err := os.CreateTemp("", "embedded-*.mc")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	_, err = f.WriteString(strings.ReplaceAll(string(src), "@VAR@", abs))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	text, _, err := CompileMC(f.Name(), Options{Program: "sendmail"})
	return text, err
}
