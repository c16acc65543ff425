package m4

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
)

// Shell escapes and temporary files: syscmd, esyscmd, sysval, mkstemp and
// maketemp. Commands run as "/bin/sh -c COMMAND" with standard output
// flushed first, as GNU m4 does.

func (in *Interp) runShell(cmd string, capture bool) []byte {
	in.flushAll()
	if in.opt.NoShell {
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
	in.diagf("Warning: %s: recommend using mkstemp instead", args[0].text)
	in.mkstemp(obs, args[0].text, args[1].text)
}

func (in *Interp) mkstemp(obs *[]byte, name, tmpl string) {
	// GNU pads the template to at least six trailing Xs
	n := len(tmpl) - len(strings.TrimRight(tmpl, "X"))
	base := tmpl
	if n < 6 {
		base += strings.Repeat("X", 6-n)
	}
	dir, file := filepath.Split(base)
	pattern := strings.TrimRight(file, "X") + "*"
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		in.diagf("%s: cannot create tempfile `%s': %s", name, tmpl, errnoText(err))
		return
	}
	f.Chmod(0600)
	f.Close()
	p := f.Name()
	if !strings.Contains(base, "/") {
		p = filepath.Base(p)
	}
	in.quoted(obs, p)
}
