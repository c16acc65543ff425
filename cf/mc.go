package cf

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// IsMC reports whether name is a .mc file, which sendmail -C compiles
// rather than reads as a configuration file.
func IsMC(name string) bool { return strings.HasSuffix(name, ".mc") }

// CompileError is returned by CompileMC when the .mc does not compile:
// m4 failed, or the library printed an "*** ERROR" line.
type CompileError struct {
	File   string // the .mc file
	Status int    // m4's exit status
	Diags  string // everything printed on standard error
}

func (e *CompileError) Error() string {
	msg := strings.TrimSpace(e.Diags)
	if msg == "" {
		msg = fmt.Sprintf("m4 exit status %d", e.Status)
	}
	return e.File + ": " + msg
}

// CompileMC compiles the .mc file in memory with the embedded library (or
// opt.CfDir) and returns the configuration file's text and the warnings
// printed on the way ("*** WARNING: ..." lines, one a line). The error is
// a *CompileError when m4 exits non-zero or the library reports an
// "*** ERROR"; the text is then what was written so far. opt.Stdout and
// opt.Stderr are ignored.
//
// This is what sendmail -C file.mc does before reading the file: see
// the package documentation.
func CompileMC(mcFile string, opt Options) (cfText []byte, warnings string, err error) {
	var out, diags bytes.Buffer
	opt.Stdout, opt.Stderr = &out, &diags
	if opt.Program == "" {
		opt.Program = "sendmail"
	}
	status := Compile(opt, mcFile)
	d := diags.String()
	if status != 0 || strings.Contains(d, "*** ERROR") {
		return out.Bytes(), "", &CompileError{File: mcFile, Status: status, Diags: d}
	}
	return out.Bytes(), d, nil
}

// AsCompileError unwraps err to a *CompileError, if it is one.
func AsCompileError(err error) (*CompileError, bool) {
	var ce *CompileError
	ok := errors.As(err, &ce)
	return ce, ok
}
