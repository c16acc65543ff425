package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/gosendmail/gosendmail/cf"
	"github.com/gosendmail/gosendmail/m4"
)

// exConfig is sysexits' EX_CONFIG: sendmail -C file.mc exits with it when
// the .mc does not compile, since there is no configuration to run.
const exConfig = 78

// exOSFile is EX_OSFILE, the status sendmail gives a -C file it cannot open.
const exOSFile = 72

// cannotOpen prints the reference's message for a -C file it cannot read.
func cannotOpen(w io.Writer, name string, err error) {
	msg := err.Error()
	if pe, ok := err.(*os.PathError); ok {
		msg = pe.Err.Error()
		if msg != "" {
			msg = strings.ToUpper(msg[:1]) + msg[1:]
		}
	}
	fmt.Fprintf(w, "%s: line 0: cannot open: %s\n", name, msg)
}

// compileMC compiles the .mc named by -C in memory. On success it returns
// the configuration text (warnings go to warnW, each with the .mc line it
// comes from); otherwise it prints the diagnostics on errW, as
// "file.mc: line N: message", and returns the exit status.
func compileMC(name string, errW, warnW io.Writer) ([]byte, int) {
	if _, err := os.Stat(name); err != nil {
		cannotOpen(errW, name, err)
		return nil, exOSFile
	}
	text, warnings, err := cf.CompileMC(name, cf.Options{Program: "sendmail"})
	if err != nil {
		diags := err.Error()
		if ce, ok := cf.AsCompileError(err); ok {
			diags = ce.Diags
		}
		for _, l := range locate(name, diags) {
			fmt.Fprintln(errW, l)
		}
		return nil, exConfig
	}
	if strings.TrimSpace(warnings) != "" {
		for _, l := range locate(name, warnings) {
			fmt.Fprintln(warnW, l)
		}
	}
	return text, 0
}

// locPrelude is read before the library when the diagnostics of a .mc
// are wanted with their places: errprint then starts its message with
// the file and line of the .mc statement being read (for a library file
// pulled in by include, the place of the outermost include, which is the
// FEATURE, MAILER, OSTYPE ... line of the .mc).
const locPrelude = "define(`_gs_sm_errprint', defn(`errprint'))dnl\n" +
	"define(`_gs_sm_include', defn(`include'))dnl\n" +
	"define(`errprint', `ifelse(`$#', `0', ``$0'', " +
	"`_gs_sm_errprint(ifdef(`_gs_sm_at', `_gs_sm_at', `__file__:__line__')`: '$@)')')dnl\n" +
	"define(`include', `ifelse(`$#', `0', ``$0'', `ifdef(`_gs_sm_at', `_gs_sm_include($@)', " +
	"`define(`_gs_sm_at', __file__:__line__)_gs_sm_include($@)undefine(`_gs_sm_at')')')')dnl\n"

// m4Diag matches "[program:]file:line: message", m4's form and the one
// locPrelude gives errprint.
var m4Diag = regexp.MustCompile(`^(?:sendmail:)?([^:\s][^:]*):([0-9]+): (.*)$`)

// locate compiles name again with locPrelude to learn where each
// diagnostic comes from and returns them in sendmail's form, "file: line
// N: message". Places inside the bundled library (the end of the .mc,
// when the file is written) are given as the .mc alone. If the second
// run says something else, diags is returned with only the file name.
func locate(name, diags string) []string {
	var out []string
	if f, err := os.CreateTemp("", "sendmail-mc-*.m4"); err == nil {
		_, werr := f.WriteString(locPrelude)
		f.Close()
		if werr == nil {
			var errb bytes.Buffer
			cf.Compile(cf.Options{
				Defines: []m4.Action{{Kind: 'F', Name: f.Name()}},
				Stdout:  io.Discard, Stderr: &errb, Program: "sendmail",
			}, name)
			out = sendmailForm(name, errb.String())
		}
		os.Remove(f.Name())
	}
	plain := sendmailForm(name, diags)
	if len(out) != len(plain) {
		return plain
	}
	return out
}

// sendmailForm rewrites m4 diagnostics as sendmail prints configuration
// errors.
func sendmailForm(name, diags string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimRight(diags, "\n"), "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if m := m4Diag.FindStringSubmatch(l); m != nil {
			if strings.HasPrefix(m[1], cf.Root) {
				out = append(out, name+": "+m[3])
			} else {
				out = append(out, m[1]+": line "+m[2]+": "+m[3])
			}
			continue
		}
		out = append(out, name+": "+l)
	}
	return out
}
