package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"os/user"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gosendmail/gosendmail/mta"
	"github.com/gosendmail/gosendmail/ruleset"
	"github.com/gosendmail/gosendmail/smtpd"
)

// runDaemon runs the SMTP modes: -bs (one session on standard input
// and output), -bD (the daemon in the foreground) and -bd (the daemon
// in the background: the command starts itself again as -bD in a new
// session and returns).
func runDaemon(mode, cfName string, cfText []byte, opts []opt, setOpts, debug []string,
	stdin io.Reader, stdout, stderr io.Writer) int {
	if mode == "d" {
		return daemonize(stderr)
	}
	load := func(errs io.Writer) (*mta.MTA, error) {
		c, err := readConfig(cfName, cfText, ruleset.ReadOptions{Out: errs, ExtraLines: setOpts, Debug: debug})
		if err != nil {
			return nil, err
		}
		m, err := mta.New(c, cfName)
		if err != nil {
			return nil, err
		}
		m.Out, m.Err = io.Discard, errs
		m.Background = backgroundDelivery(cfName, setOpts)
		// the daemon's sessions share the queue's disk barriers
		m.Queue.Server = mode != "s"
		return m, nil
	}
	// the daemon runs copies of the MTA, two a core (up to 8), among
	// which sessions are dealt out (see smtpd.Server), sharing one
	// queue: sessions seldom wait for another's engine (on two cores,
	// four copies measured best, one worst); -bs has one session
	copies := 1
	if mode != "s" {
		copies = min(2*max(runtime.GOMAXPROCS(0), 1), 8)
	}
	loadAll := func(errs io.Writer) ([]*mta.MTA, error) {
		var ms []*mta.MTA
		for i := 0; i < copies; i++ {
			if i > 0 {
				errs = io.Discard // said once
			}
			m, err := load(errs)
			if err != nil {
				for _, m := range ms {
					m.Close()
				}
				return nil, err
			}
			if i > 0 {
				m.Queue = ms[0].Queue // one ID sequence
			}
			ms = append(ms, m)
		}
		return ms, nil
	}
	ms, err := loadAll(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "sendmail: %v\n", err)
		return exOSFile
	}
	m := ms[0]
	srv := smtpd.New(m)
	srv.SetMTAs(ms)
	srv.Logf = func(format string, a ...any) { fmt.Fprintf(stderr, "sendmail: "+format+"\n", a...) }
	srv.RunQueue = func(host string) { queueRun(cfName, setOpts, "-qR"+host) }
	if mode == "s" {
		name := "root"
		if u, err := user.Current(); err == nil {
			name = u.Username
		}
		srv.ServeStdio(stdin, stdout, name)
		return 0
	}
	daemons, err := daemonPorts(cfName, cfText, setOpts)
	if err != nil {
		fmt.Fprintf(stderr, "sendmail: %v\n", err)
		return 78
	}
	var ls []net.Listener
	for _, d := range daemons {
		l, err := net.Listen(d.network, d.addr)
		if err != nil {
			fmt.Fprintf(stderr, "sendmail: daemon %s: cannot bind: %v\n", d.name, err)
			for _, l := range ls {
				l.Close()
			}
			return 71
		}
		ls = append(ls, l)
	}
	pidFile := writePidFile(m)
	var wg sync.WaitGroup
	for i, l := range ls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			srv.Serve(l, smtpd.Daemon{Name: daemons[i].name, Modifiers: daemons[i].mods})
		}()
	}
	if every := queueInterval(opts); every > 0 {
		go func() {
			for {
				queueRun(cfName, setOpts, "-q")
				time.Sleep(every)
			}
		}()
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT)
	for sig := range sigs {
		if sig == syscall.SIGHUP {
			// a new configuration for new sessions; sessions in
			// progress finish with the one they started with
			if nms, err := loadAll(stderr); err != nil {
				fmt.Fprintf(stderr, "sendmail: restart: %v\n", err)
			} else {
				olds := srv.MTAs()
				srv.SetMTAs(nms)
				for _, old := range olds {
					go func() {
						for srv.InUse(old) {
							time.Sleep(time.Second)
						}
						old.Close()
					}()
				}
			}
			continue
		}
		break
	}
	// as sendmail's daemon, which leaves its children to finish: the
	// pid file goes now, the sessions in progress end on their own
	if pidFile != "" {
		os.Remove(pidFile)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	srv.Shutdown(ctx)
	wg.Wait()
	return 0
}

// daemonArgsEnv passes -bd's command line to the -bD it starts.
const daemonArgsEnv = "GOSENDMAIL_DAEMON_ARGS"

// daemonize starts this command again as -bD, detached, and returns.
func daemonize(stderr io.Writer) int {
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "sendmail: %v\n", err)
		return 71
	}
	args := make([]string, 0, len(os.Args))
	for _, a := range os.Args[1:] {
		if a == "-bd" {
			a = "-bD"
		}
		args = append(args, a)
	}
	cmd := exec.Command(self, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	// the pid file shows the command line as it was given
	cmd.Env = append(os.Environ(), daemonArgsEnv+"="+strings.Join(os.Args, " "))
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "sendmail: cannot start the daemon: %v\n", err)
		return 71
	}
	cmd.Process.Release()
	return 0
}

// backgroundDelivery delivers a queued message in a process of its own
// (DeliveryMode b), as a queue run of that one message.
func backgroundDelivery(cfName string, setOpts []string) func(id string) error {
	return func(id string) error { return queueStart(cfName, setOpts, "-qI"+id, "-odi") }
}

func queueRun(cfName string, setOpts []string, args ...string) {
	if err := queueStart(cfName, setOpts, args...); err != nil {
		fmt.Fprintf(os.Stderr, "sendmail: queue run: %v\n", err)
	}
}

func queueStart(cfName string, setOpts []string, args ...string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	all := append([]string{"-C", cfName}, args...)
	for _, l := range setOpts {
		all = append(all, "-O"+strings.TrimPrefix(strings.TrimPrefix(l, "O "), "O"))
	}
	cmd := exec.Command(self, all...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}

// queueInterval is the time of -q15m (0: none).
func queueInterval(opts []opt) time.Duration {
	for _, o := range opts {
		if o.letter == 'q' && o.arg != "" && o.arg[0] >= '0' && o.arg[0] <= '9' {
			return ruleset.ConvTime(o.arg, 'm')
		}
	}
	return 0
}

// writePidFile writes the PidFile option's file: the pid, then the
// command line. It returns the file's name ("" when none was written).
func writePidFile(m *mta.MTA) string {
	v, ok := m.Cf.Option("PidFile")
	if !ok || v == "" {
		return ""
	}
	name := m.Cf.ExpandText(v)
	line := os.Getenv(daemonArgsEnv)
	if line == "" {
		line = strings.Join(os.Args, " ")
	}
	os.Unsetenv(daemonArgsEnv)
	text := fmt.Sprintf("%d\n%s\n", os.Getpid(), line)
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "sendmail: cannot write pid file %s: %v\n", name, err)
		return ""
	}
	return name
}

// daemonSpec is one DaemonPortOptions line.
type daemonSpec struct {
	name, network, addr, mods string
}

// daemonPorts reads every DaemonPortOptions of the .cf (the engine keeps
// only the last), or those of the command line, which replace them.
func daemonPorts(cfName string, cfText []byte, setOpts []string) ([]daemonSpec, error) {
	var lines []string
	for _, l := range setOpts {
		if v, ok := optionValue(l); ok {
			lines = append(lines, v)
		}
	}
	if len(lines) == 0 {
		text := cfText
		if text == nil {
			b, err := os.ReadFile(cfName)
			if err != nil {
				return nil, err
			}
			text = b
		}
		sc := bufio.NewScanner(bytes.NewReader(text))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if v, ok := optionValue(sc.Text()); ok {
				lines = append(lines, v)
			}
		}
	}
	if len(lines) == 0 {
		lines = []string{""}
	}
	var ds []daemonSpec
	for i, l := range lines {
		d, err := parseDaemonPort(l, i)
		if err != nil {
			return nil, err
		}
		ds = append(ds, d)
	}
	return ds, nil
}

// optionValue returns the value of a DaemonPortOptions line ("O
// DaemonPortOptions=..." or "OO...").
func optionValue(l string) (string, bool) {
	if v, ok := strings.CutPrefix(l, "OO"); ok {
		return v, true
	}
	if !strings.HasPrefix(l, "O ") {
		return "", false
	}
	n, v, ok := strings.Cut(strings.TrimSpace(l[2:]), "=")
	if !ok || !strings.EqualFold(strings.TrimSpace(n), "DaemonPortOptions") {
		return "", false
	}
	return v, true
}

// parseDaemonPort reads "Name=MTA, Port=25, Addr=127.0.0.1, Family=inet".
func parseDaemonPort(v string, i int) (daemonSpec, error) {
	d := daemonSpec{name: fmt.Sprintf("Daemon%d", i), network: "tcp4"}
	port, addr := "25", ""
	for _, f := range strings.Split(v, ",") {
		k, val, _ := strings.Cut(strings.TrimSpace(f), "=")
		if k == "" {
			continue
		}
		switch strings.ToUpper(k[:1]) {
		case "N":
			d.name = val
		case "P":
			port = val
			if port == "smtp" {
				port = "25"
			} else if port == "submission" {
				port = "587"
			}
		case "A":
			addr = val
		case "M":
			d.mods += val
		case "F":
			switch strings.ToLower(val) {
			case "inet6":
				d.network = "tcp6"
			case "inet":
			default:
				return d, fmt.Errorf("DaemonPortOptions: family %s not supported", val)
			}
		}
	}
	d.addr = net.JoinHostPort(addr, port)
	return d, nil
}
