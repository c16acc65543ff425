package m4

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"syscall"
)

// Shell escapes and temporary files: syscmd, esyscmd, sysval, mkstemp and
// maketemp. Commands run as "/bin/sh -c COMMAND" with standard output
// flushed first, as GNU m4 does.

func (in *Interp) runShell(cmd string, capture bool) []byte {
	in.flushAll()
	if in.opt.Sandbox {
		in.sysval = 127
		return nil
	}
	c := exec.Command("/bin/sh", "-c", cmd)
	c.Stdin = os.Stdin
	c.Stderr = in.stderr
	var out bytes.Buffer
	if capture {
		c.Stdout = &out
	} else {
		c.Stdout = in.opt.Stdout
	}
	err := c.Run()
	in.sysval = 0
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			ws := ee.Sys().(syscall.WaitStatus)
			if ws.Signaled() {
				in.sysval = int(ws.Signal()) << 8
			} else {
				in.sysval = ws.ExitStatus()
			}
		} else {
			in.sysval = 127
		}
	}
	return out.Bytes()
}

func bSyscmd(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 2, 2) {
		return
	}
	in.runShell(args[1].text, false)
}

func bEsyscmd(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 2, 2) {
		return
	}
	*obs = append(*obs, in.runShell(args[1].text, true)...)
}

func bSysval(in *Interp, obs *[]byte, args []arg) {
	in.badArgc(args, 1, 1)
	*obs = append(*obs, itoa(in.sysval)...)
}

func bMkstemp(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 2, 2) {
		return
	}
	in.mkstemp(obs, args[0].text, args[1].text)
}

func bMaketemp(in *Interp, obs *[]byte, args []arg) {
	if in.badArgc(args, 2, 2) {
		return
	}
	if in.opt.Traditional {
		// POSIX maketemp: replace trailing Xs with the process id
		t := args[1].text
		n := len(t) - len(strings.TrimRight(t, "X"))
		pid := itoa(os.Getpid())
		for len(pid) < n {
			pid = "0" + pid
		}
		*obs = append(*obs, t[:len(t)-n]+pid[len(pid)-n:]...)
		return
	}
	in.mkstemp(obs, args[0].text, args[1].text)
}

const tempChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// mkstemp creates a file from a template whose trailing Xs (at least six:
// GNU m4 appends what is missing) become random letters and digits, and
// outputs its quoted name.
func (in *Interp) mkstemp(obs *[]byte, name, tmpl string) {
	if in.opt.Sandbox {
		in.diagf("%s: cannot create tempfile `%s': %s", name, tmpl, "Permission denied")
		return
	}
	n := len(tmpl) - len(strings.TrimRight(tmpl, "X"))
	base := tmpl
	if n < 6 {
		base += strings.Repeat("X", 6-n)
		n = 6
	}
	prefix := base[:len(base)-n]
	var err error
	for try := 0; try < 100; try++ {
		b := []byte(prefix)
		for i := 0; i < n; i++ {
			b = append(b, tempChars[rand.IntN(len(tempChars))])
		}
		var f *os.File
		f, err = os.OpenFile(string(b), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0600)
		if err == nil {
			f.Close()
			in.quoted(obs, string(b))
			return
		}
		if !os.IsExist(err) {
			break
		}
	}
	in.diagf("%s: cannot create tempfile `%s': %s", name, tmpl, errnoText(err))
}
