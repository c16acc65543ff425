package deliver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Program is delivery to a program named by an alias, a .forward or an
// :include: list ("|command"), as sendmail's prog mailer does it
// (P=/bin/sh, F=lsDFMoqeu9, A=sh -c $u): the command runs under
// `/bin/sh -c`, reads the message on its standard input (with a From
// line, nothing escaped), and its exit code says what became of the
// message (see FromExit).
type Program struct {
	// Shell runs the command; "" is /bin/sh.
	Shell string
	// Dir is the working directory: sendmail's D=$z:/ is the recipient's
	// home directory, else "/". "" is "/".
	Dir string
	// Env is added to the environment, which sendmail otherwise clears:
	// the command gets AGENT=sendmail, then Env (the .cf's E lines, and
	// TZ as TimeZoneSpec says).
	Env []string
	// Credential, when not nil, is the user and groups the command runs
	// as (sendmail runs it as the owner of the alias file or .forward,
	// or DefaultUser); we must be root for that.
	Credential *syscall.Credential
	// Timeout kills the command after this long (0: no limit) and fails
	// the delivery temporarily.
	Timeout time.Duration
	// MaxOutput is how much of what the command prints is kept for the
	// transcript (0: 4096 bytes).
	MaxOutput int
}

// capWriter keeps the first max bytes written to it and swallows the rest.
type capWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (c *capWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if room := c.max - c.buf.Len(); room > 0 {
		if len(p) < room {
			room = len(p)
		}
		c.buf.Write(p[:room])
	}
	return len(p), nil
}

// Deliver runs command (the text after '|') with m on its standard input.
func (p *Program) Deliver(ctx context.Context, command string, m *Message) *Status {
	shell := p.Shell
	if shell == "" {
		shell = "/bin/sh"
	}
	if p.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, p.Timeout)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, shell, "-c", command)
	cmd.Args[0] = "sh"
	cmd.Dir = p.Dir
	if cmd.Dir == "" {
		cmd.Dir = "/"
	}
	cmd.Env = append([]string{"AGENT=sendmail"}, p.Env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: p.Credential}
	// Kill the whole process group on timeout, not just the shell.
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	max := p.MaxOutput
	if max <= 0 {
		max = 4096
	}
	out := &capWriter{max: max}
	cmd.Stdout, cmd.Stderr = out, out
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return FromExit(ExOSErr, "prog", shell, err.Error())
	}
	if err := cmd.Start(); err != nil {
		return FromExit(ExOSErr, "prog", shell, fmt.Sprintf("cannot exec %s: %v", shell, err))
	}
	format := Format{FromLine: UnixFromLine(m.Sender, m.time()), Escape: EscapeNone, Trailer: TrailerNone}
	werr := WriteMessage(stdin, format, m.reader())
	cerr := stdin.Close()
	err = cmd.Wait()
	output := out.buf.String()
	if ctx.Err() != nil {
		return temp(451, "4.4.1", fmt.Sprintf("prog mailer (%s) timed out", shell), ExTempFail)
	}
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			return FromExit(ExOSErr, "prog", shell, strings.TrimSpace(output+"\n"+err.Error()))
		}
		ws, _ := ee.Sys().(syscall.WaitStatus)
		if ws.Signaled() {
			// sendmail defers the message; its queue file then says
			// "mailer prog died with signal 9".
			s := FromExit(ExTempFail, "prog", shell, output)
			s.Text = fmt.Sprintf("mailer prog died with signal %d", int(ws.Signal()))
			return s
		}
		return FromExit(ee.ExitCode(), "prog", shell, output)
	}
	// The command exited 0. A write error means it stopped reading
	// early; a program that does not want the whole message (`|exit 0`)
	// may do that, so only its exit code counts.
	_, _ = werr, cerr
	return ok()
}

var _ io.Writer = (*capWriter)(nil)
