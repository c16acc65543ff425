// Package cf is gosendmail's own m4 macro library for sendmail configuration
// files, and the compiler that turns a .mc file into a sendmail.cf with it.
//
// The library is laid out like sendmail's (m4/cf.m4, feature/, mailer/,
// ostype/, domain/, hack/, siteconfig/) and speaks the same vocabulary
// (OSTYPE, FEATURE, MAILER, define(`confX') ...), but every file in it is
// written for this project. It is embedded in the binaries; Compile can also
// run a .mc against another cf tree on disk, such as sendmail's own.
//
// # Compiling a .mc in memory (sendmail -C file.mc)
//
// The sendmail command accepts a .mc where it expects a configuration
// file, so that no stale .cf is left behind. It does:
//
//	if cf.IsMC(name) {
//		text, warnings, err := cf.CompileMC(name, cf.Options{})
//		if err != nil {
//			// err.Error() is "file.mc: " and the diagnostics; exit EX_CONFIG
//		}
//		// print warnings on stderr, then read the configuration from text
//	}
//
// CompileMC returns the text of the configuration file, the warnings
// ("*** WARNING: ..." lines) and a *CompileError when m4 failed or the
// library reported an "*** ERROR". Options.Defines (-D) and IncludePath (-I)
// work as they do for mc2cf; CfDir selects another cf tree.
package cf

import (
	"embed"
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"

	"github.com/gosendmail/gosendmail/m4"
)

//go:embed m4 feature mailer ostype domain hack siteconfig README.md
var library embed.FS

// Root is the directory name under which the embedded library is seen by
// m4 (the value of _CF_DIR_ when no other cf tree is chosen). Files below
// it are served from the binary; every other name is read from disk.
const Root = "/gosendmail/cf/"

// Library returns the embedded macro library (m4/cf.m4, feature/ ...).
func Library() fs.FS { return library }

// Options configure one compilation.
type Options struct {
	// CfDir is a cf tree on disk (the directory holding m4/cf.m4) used
	// instead of the embedded library; "" means the embedded one.
	CfDir string
	// Defines are -D NAME[=VALUE] definitions, applied before cf.m4 is read.
	Defines []m4.Action
	// IncludePath is the list of -I directories.
	IncludePath []string
	// Stdout receives the .cf; Stderr the diagnostics.
	Stdout, Stderr io.Writer
	// Program names the compiler in diagnostics (m4's __program__).
	Program string
}

// Compile runs m4 on cf.m4 followed by the named .mc files and returns the
// exit status m4 returns (0 on success).
func Compile(opt Options, mcFiles ...string) int {
	dir := Root
	if opt.CfDir != "" {
		dir = strings.TrimSuffix(opt.CfDir, "/") + "/"
	}
	mo := m4.Options{
		Stdout:      opt.Stdout,
		Stderr:      opt.Stderr,
		Program:     opt.Program,
		IncludePath: opt.IncludePath,
	}
	if opt.CfDir == "" {
		mo.ReadFile = readFile
	}
	if mo.Program == "" {
		mo.Program = "mc2cf"
	}
	actions := []m4.Action{{Kind: 'D', Name: "_CF_DIR_", Value: dir}}
	actions = append(actions, opt.Defines...)
	actions = append(actions, m4.Action{Kind: 'F', Name: dir + "m4/cf.m4"})
	for _, f := range mcFiles {
		actions = append(actions, m4.Action{Kind: 'F', Name: f})
	}
	return m4.New(mo).Run(actions)
}

// readFile serves names below Root from the embedded library and every
// other name from disk, refusing directories as m4 does.
func readFile(name string) ([]byte, error) {
	if rest, ok := strings.CutPrefix(name, Root); ok {
		b, err := library.ReadFile(rest)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, &os.PathError{Op: "open", Path: name, Err: syscall.ENOENT}
			}
			return nil, &os.PathError{Op: "open", Path: name, Err: syscall.EISDIR}
		}
		return b, nil
	}
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, &os.PathError{Op: "open", Path: name, Err: syscall.EISDIR}
	}
	return os.ReadFile(name)
}
