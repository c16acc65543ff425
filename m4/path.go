package m4

import (
	"os"
	"path/filepath"
	"strings"
)

// pathSearch finds a file for include, sinclude and undivert: the name as
// given, then (for a relative name) each -I directory and each directory of
// M4PATH in order. It returns the contents and the name it was found under.
func (in *Interp) pathSearch(name string) (string, string, error) {
	if name == "" {
		return "", "", os.ErrNotExist
	}
	if in.opt.Sandbox {
		return "", "", os.ErrPermission
	}
	data, err := in.readFile(name)
	if err == nil || filepath.IsAbs(name) {
		return string(data), name, err
	}
	first := err
	for _, dir := range in.includeDirs() {
		p := filepath.Join(dir, name)
		if !strings.HasSuffix(dir, "/") {
			p = dir + "/" + name
		}
		if data, err := in.readFile(p); err == nil {
			if in.debug&dbgPath != 0 {
				in.debugMessage("path search for `%s' found `%s'", name, p)
			}
			return string(data), p, nil
		}
	}
	return "", "", first
}

func (in *Interp) includeDirs() []string {
	dirs := append([]string(nil), in.opt.IncludePath...)
	if env := os.Getenv("M4PATH"); env != "" && !in.opt.Traditional {
		for _, d := range strings.Split(env, ":") {
			if d == "" {
				d = "."
			}
			dirs = append(dirs, d)
		}
	}
	return dirs
}

func (in *Interp) readFile(name string) ([]byte, error) {
	if in.opt.ReadFile != nil {
		return in.opt.ReadFile(name)
	}
	return readRegular(name)
}

// readRegular reads a file, refusing directories as the C library's fopen
// followed by a read would ("Is a directory").
func readRegular(name string) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, &os.PathError{Op: "open", Path: name, Err: errIsDir}
	}
	return os.ReadFile(name)
}

type errString string

func (e errString) Error() string { return string(e) }

const errIsDir = errString("is a directory")
