package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gosendmail/gosendmail/mta"
	"github.com/gosendmail/gosendmail/queue"
	"github.com/gosendmail/gosendmail/ruleset"
	"github.com/gosendmail/gosendmail/smtpclient"
)

const submitCF = "/etc/mail/submit.cf"

// qrunnerEnv marks the background process of a periodic queue run.
const qrunnerEnv = "GOSENDMAIL_QUEUE_RUNNER"

// runMTA runs the modes that need the whole MTA: -bm, -bv, -bp, -q,
// -bh and -bH.
func runMTA(mode, cfName string, cfText []byte, opts []opt, operands, setOpts, debug []string,
	stdin io.Reader, stdout, stderr io.Writer) int {
	switch mode {
	case "m", "v", "p", "q", "h", "H":
	case "d", "D", "s":
		return runDaemon(mode, cfName, cfText, opts, setOpts, debug, stdin, stdout, stderr)
	case "z":
		fmt.Fprintln(stdout, "Frozen configurations unsupported")
		return 64
	default:
		fmt.Fprintf(stdout, "Invalid operation mode %s\n", mode)
		return 64
	}
	c, err := readConfig(cfName, cfText, ruleset.ReadOptions{Out: stderr, ExtraLines: setOpts, Debug: debug})
	if err != nil {
		cannotOpen(stderr, cfName, err)
		return exOSFile
	}
	m, err := mta.New(c, cfName)
	if err != nil {
		fmt.Fprintf(stderr, "sendmail: %v\n", err)
		return 71
	}
	defer m.Close()
	m.Out, m.Err = stdout, stderr
	sub := &mta.Submission{Input: stdin, Recipients: operands}
	filter := &mta.RunFilter{}
	verboseList := false
	for _, o := range opts {
		switch o.letter {
		case 'f', 'r':
			sub.Sender = o.arg
		case 'F':
			sub.FullName = o.arg
		case 't':
			sub.FromHeader = true
		case 'i':
			sub.IgnoreDots = true
		case 'N':
			sub.Notify = o.arg
		case 'R':
			sub.Ret = o.arg
		case 'V':
			sub.EnvID = o.arg
		case 'B':
			sub.BodyType = o.arg
		case 'p':
			sub.Protocol = o.arg
		case 'Q':
			sub.Quarantine = o.arg
		case 'h':
			fmt.Sscan(o.arg, &sub.Hops)
		case 'n':
			m.NoAlias = true
		case 'L':
			if m.Log != nil {
				m.Log.Tag = o.arg
			}
		case 'v':
			m.Verbose = true
			verboseList = true
		case 'M':
			if len(o.arg) > 0 {
				name, val := o.arg[:1], o.arg[1:]
				if name == "{" {
					if i := strings.IndexByte(o.arg, '}'); i > 0 {
						name, val = o.arg[1:i], o.arg[i+1:]
					}
				}
				c.SetMacro(name, val)
			}
		case 'q':
			addFilter(filter, o.arg)
		}
	}
	if v, ok := c.Option("IgnoreDots"); ok && (v == "" || strings.ContainsAny(v[:1], "tTyY")) {
		sub.IgnoreDots = true
	}
	switch mode {
	case "v":
		return m.VerifyMessage(operands, sub.FromHeader, stdin)
	case "p":
		o := queue.ListOptions{Verbose: verboseList}
		o.SortOrder, _ = c.Option("QueueSortOrder")
		if err := m.Queue.List(stdout, o); err != nil {
			fmt.Fprintf(stderr, "mailq: %v\n", err)
			return 71
		}
		return 0
	case "q":
		return runQueue(m, opts, filter, stderr)
	case "h", "H":
		dir, _ := c.Option("HostStatusDirectory")
		if dir == "" {
			return 0
		}
		dir = c.ExpandText(dir)
		if !filepath.IsAbs(dir) {
			qd, _ := c.Option("QueueDirectory")
			dir = filepath.Join(qd, dir)
		}
		var err error
		if mode == "h" {
			err = smtpclient.PrintHostStatus(stdout, dir, time.Now())
		} else {
			err = smtpclient.PurgeHostStatus(dir)
		}
		if err != nil && !os.IsNotExist(err) {
			fmt.Fprintf(stderr, "%v\n", err)
			return 71
		}
		return 0
	}
	self, err := os.Executable()
	if err == nil && m.DeliveryMode == 'b' {
		m.Background = func(id string) error {
			args := []string{"-C", cfName, "-qI" + id, "-odi"}
			for _, l := range setOpts {
				args = append(args, "-O"+strings.TrimPrefix(strings.TrimPrefix(l, "O "), "O"))
			}
			cmd := exec.Command(self, args...)
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
			if err := cmd.Start(); err != nil {
				return err
			}
			return cmd.Process.Release()
		}
	}
	return m.Submit(sub)
}

// addFilter reads a -q argument: I, R or S (optionally with '!') and a
// substring, or a time for a periodic queue run.
func addFilter(f *mta.RunFilter, arg string) {
	if arg == "" {
		return
	}
	neg := false
	k := arg[0]
	v := arg[1:]
	if strings.HasPrefix(v, "!") {
		neg, v = true, v[1:]
	}
	switch k {
	case 'I':
		if neg {
			f.NotIDs = append(f.NotIDs, v)
		} else {
			f.IDs = append(f.IDs, v)
		}
	case 'R':
		if neg {
			f.NotRcpts = append(f.NotRcpts, v)
		} else {
			f.Rcpts = append(f.Rcpts, v)
		}
	case 'S':
		if neg {
			f.NotSenders = append(f.NotSenders, v)
		} else {
			f.Senders = append(f.Senders, v)
		}
	}
}

// runQueue is -q: one run; with a time (-q15m) a run every interval, in
// a process of its own that goes on in the background as sendmail's
// queue runner daemon does (-qf keeps it in the foreground).
func runQueue(m *mta.MTA, opts []opt, f *mta.RunFilter, stderr io.Writer) int {
	var every time.Duration
	foreground := os.Getenv(qrunnerEnv) != ""
	for _, o := range opts {
		if o.letter == 'q' && o.arg != "" && o.arg[0] >= '0' && o.arg[0] <= '9' {
			every = ruleset.ConvTime(o.arg, 'm')
		}
		if o.letter == 'q' && strings.HasPrefix(o.arg, "f") {
			foreground = true
		}
	}
	if every > 0 && !foreground {
		self, err := os.Executable()
		if err == nil {
			cmd := exec.Command(self, os.Args[1:]...)
			cmd.Args[0] = os.Args[0]
			cmd.Env = append(os.Environ(), qrunnerEnv+"=1")
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
			err = cmd.Start()
			if err == nil {
				return 0
			}
		}
		fmt.Fprintf(stderr, "sendmail: cannot start the queue runner: %v\n", err)
		return 71
	}
	for {
		if _, err := m.RunQueue(f); err != nil {
			fmt.Fprintf(stderr, "sendmail: queue run: %v\n", err)
			return 71
		}
		if every <= 0 {
			return 0
		}
		time.Sleep(every)
	}
}
