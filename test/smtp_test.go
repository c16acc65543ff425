package test

// The differential SMTP dialogue corpus: every dialogue is played against
// the reference sendmail 8.17 and against ours, each started as an SMTP
// daemon in the foreground (`sendmail -bD`) on a loopback port, both on
// the same configuration (the reference's .cf made by GNU m4 with its cf
// tree, ours by our mc2cf from the same .mc; each side's maps and aliases
// built by its own makemap and `sendmail -bi`). No expected reply is
// stored: the reference's replies are what ours must give.
//
// Layout of testdata/smtp:
//
//	configs/NAME/config.mc  a configuration; @MAPDIR@ stands for the
//	                        directory its maps/ are copied to, @DIR@ for
//	                        the side's directory of that configuration
//	configs/NAME/maps/      its maps (access, ...: built with makemap),
//	                        aliases (built with sendmail -bi), and any
//	                        other file; hosts, service.switch, aliases and
//	                        helpfile default to the shared ones below
//	hosts                   host names: /etc/hosts of the daemons (bind
//	                        mounted) and their HostsFile
//	service.switch, aliases, helpfile
//	dialogues/NAME.smtp     one dialogue a file (format below)
//	openrelay.forms         the open-relay battery: one recipient form a
//	                        line, each made into a dialogue (see
//	                        smtpOpenRelayDialogues)
//
// Before its config.mc, every configuration gets smtpPreamble: its queue,
// pid file, host status directory, alias file and help file in its own
// directories, DeliveryMode=queue (nothing is ever delivered; what was
// accepted stays in the queue, where the test counts it), no ident
// lookups, no AUTH mechanisms (the machine's SASL set-up must not show),
// load-average limits out of reach, host names from files only.
//
// A dialogue file (.smtp) is read line by line:
//
//	# text                 a comment; empty lines are ignored
//	!config NAME           the configuration (default base)
//	!source ADDR           the client's own address (default 127.0.0.1; the
//	                       daemons listen on 127.0.0.1, and any 127.x.y.z
//	                       address may connect from; testdata/smtp/hosts
//	                       names some of them)
//	!queued N              when the session is over, exactly N messages are
//	                       in the queue (on each side)
//	!queued <=N            at most N messages (the smuggling dialogues: at
//	                       most one message may come out of one DATA)
//	COMMAND                a command: sent with CRLF appended; one reply
//	                       (single or multi-line) is read
//	+COMMAND               pipelined: consecutive + lines are sent in one
//	                       write, then one reply a line is read
//	"..."                  raw bytes, a Go string literal (\r, \n, \x00,
//	                       \\, \"): sent as they are, nothing appended;
//	                       the first reply line is awaited, then every
//	                       line is read until the server has been silent
//	                       for smtpQuiet (or closes)
//	"..." nowait           the same, without awaiting a first line (for
//	                       bytes that call for no reply)
//
// A command (or a pipelined group) that ends with DATA is followed by the
// message: its lines up to a line holding only "." (dot-stuffing is the
// file's business), sent with CRLF line ends only if DATA was answered
// 354, then one reply is read. When the line after DATA is a raw line,
// there is no message block: the raw lines carry the message.
//
// In commands and message lines, {{N*TEXT}} stands for TEXT (with Go
// escapes such as \r\n) N times over: long lines and big bodies.
//
// A session ends at its last line: unless the server has already closed
// the connection (QUIT, 421), the client shuts its side down and reads
// what the server still says until it closes. Then the queue is counted
// (it is part of the transcript) and emptied for the next dialogue.
//
// Comparison: the transcripts of both sides must be the same after
// normalising what legitimately differs: queue ids, dates, port numbers,
// the directories of each side, this machine's host name, the version
// after "version" and the tail of the greeting after the host name (and
// "ESMTP"). So every reply line's code and enhanced status code, and its
// text, must be identical; a mismatch is shown as a diff of the two
// normalised transcripts. The reference's own transcript must be sane:
// every reply read, every line a well-formed reply, the queue as !queued
// says.
//
// SMTP_CANDIDATE=DIR runs DIR/sendmail and DIR/makemap as ours (still on
// the .cf of our mc2cf): with /usr/libexec/sendmail, the reference's own,
// it checks the runner and our .cf.
//
// SMTP_DUMP=DIR writes each dialogue's transcripts (as they were, not
// normalised) to DIR/CONFIG/NAME.ref and NAME.ours.
//
// Ours is skipped (saying so) while its -bD answers "not implemented";
// the reference side still runs in full, which validates the corpus.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	smtpRefSendmail = "/usr/libexec/sendmail/sendmail"
	smtpRefMakemap  = "/usr/libexec/sendmail/makemap"
	smtpRefCFDir    = "/usr/share/sendmail/cf"

	smtpReplyTimeout = 10 * time.Second       // for each expected reply
	smtpQuiet        = 400 * time.Millisecond // after raw bytes
	smtpDataLineMax  = 30                     // message lines shown in a transcript
)

// smtpPreamble comes before every config.mc.
const smtpPreamble = "define(`QUEUE_DIR', `@DIR@/queue')dnl\n" +
	"define(`ALIAS_FILE', `@MAPDIR@/aliases')dnl\n" +
	"define(`confHOST_STATUS_DIRECTORY', `@DIR@/hoststat')dnl\n" +
	"define(`confPID_FILE', `@DIR@/sendmail.pid')dnl\n" +
	"define(`HELP_FILE', `@MAPDIR@/helpfile')dnl\n" +
	"define(`confSERVICE_SWITCH_FILE', `@MAPDIR@/service.switch')dnl\n" +
	"define(`confHOSTS_FILE', `@MAPDIR@/hosts')dnl\n" +
	"define(`confDOMAIN_NAME', `mx.example.com')dnl\n" +
	"define(`confDELIVERY_MODE', `queue')dnl\n" +
	"define(`confTO_IDENT', `0')dnl\n" +
	"define(`confAUTH_MECHANISMS', `')dnl\n" +
	"define(`confREFUSE_LA', `999')dnl\n" +
	"define(`confQUEUE_LA', `999')dnl\n"

// Kinds of step.
const (
	smtpCommand = iota // a command line; one reply
	smtpPipe           // commands in one write; one reply each
	smtpRaw            // raw bytes; replies until quiet
	smtpMessage        // the message after DATA; sent on 354; one reply
)

type smtpStep struct {
	kind   int
	lines  []string // smtpCommand, smtpPipe, smtpMessage: the lines, expanded
	raw    []byte   // smtpRaw
	nowait bool     // smtpRaw: no reply awaited
}

type smtpDialogue struct {
	name, file   string
	config       string
	source       string
	queued       int // -1: not checked
	queuedAtMost bool
	steps        []smtpStep
}

// smtpSide is one MTA (the reference or ours) with a running daemon for
// each configuration.
type smtpSide struct {
	name     string // "ref" or "ours"
	sendmail string
	dir      string
	daemons  map[string]*smtpDaemon
}

type smtpDaemon struct {
	config, dir, cf, queue, mapdir string
	port                           int
	cmd                            *exec.Cmd
	out                            *bytes.Buffer
	done                           chan struct{}
}

// smtpResult is what one side did in one dialogue.
type smtpResult struct {
	transcript []string // "C: ..." what was sent, "S: ..." each reply line
	problems   []string // where the session went wrong (timeouts, bad replies)
	queued     int
	queueInfo  []string // envelope lines of the queued messages (dumps only)
}

func TestSMTPDialogues(t *testing.T) {
	for _, f := range []string{smtpRefSendmail, smtpRefMakemap, smtpRefCFDir + "/m4/cf.m4"} {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("reference missing: %s (apt-get install sendmail-bin sendmail-cf m4)", f)
		}
	}
	m4, err := exec.LookPath("m4")
	if err != nil {
		t.Skip("reference missing: GNU m4 (apt-get install m4)")
	}
	if os.Geteuid() != 0 {
		t.Skip("the daemons must run as root (sendmail -bD binds, changes user, writes a root-owned queue)")
	}
	if err := exec.Command("unshare", "-u", "-m", "true").Run(); err != nil {
		t.Skipf("unshare -u -m is not permitted here (%v): the daemons need their own host name and /etc/hosts", err)
	}
	dialogues := smtpLoad(t)
	configs := map[string][]*smtpDialogue{}
	for _, d := range dialogues {
		configs[d.config] = append(configs[d.config], d)
	}

	bin := bins(t)
	base := smtpSafeDir(t)
	nss := filepath.Join(base, "nsswitch.conf")
	smtpNsswitch(t, nss)
	hosts, _ := filepath.Abs(filepath.Join("testdata", "smtp", "hosts"))
	onhost := func(name string, args ...string) []string {
		return append([]string{"unshare", "-u", "-m", "sh", "-c",
			`mount --bind "$0" /etc/nsswitch.conf && mount --bind "$1" /etc/hosts && shift && hostname mx.example.com && exec "$@"`,
			nss, hosts, name}, args...)
	}

	ref := &smtpSide{name: "ref", sendmail: smtpRefSendmail, dir: filepath.Join(base, "ref"), daemons: map[string]*smtpDaemon{}}
	ours := &smtpSide{name: "ours", sendmail: filepath.Join(bin, "sendmail"), dir: filepath.Join(base, "ours"), daemons: map[string]*smtpDaemon{}}
	oursMakemap := filepath.Join(bin, "makemap")
	if c := os.Getenv("SMTP_CANDIDATE"); c != "" {
		// e.g. the reference's own, on our mc2cf's .cf
		ours.sendmail, oursMakemap = filepath.Join(c, "sendmail"), filepath.Join(c, "makemap")
	}
	var names []string
	for c := range configs {
		names = append(names, c)
	}
	sort.Strings(names)

	// The reference's daemons; then ours, unless its -bD is not there yet
	// (a configuration of ours that fails is an error of its own, and only
	// its dialogues go without our side).
	for _, c := range names {
		d, err := smtpConfigure(ref, c, func(mc, cf string) error {
			out, err := exec.Command(m4, "-D_CF_DIR_="+smtpRefCFDir+"/", smtpRefCFDir+"/m4/cf.m4", mc).Output()
			if err != nil {
				return fmt.Errorf("m4: %v %s", err, smtpStderr(err))
			}
			return os.WriteFile(cf, out, 0o644)
		}, smtpRefMakemap, onhost)
		if err == nil {
			err = smtpStart(t, d, ref.sendmail, onhost)
		}
		if err != nil {
			t.Fatalf("reference: configuration %s: %v", c, err)
		}
		ref.daemons[c] = d
	}
	oursSkip := ""
	for _, c := range names {
		d, err := smtpConfigure(ours, c, func(mc, cf string) error {
			cmd := exec.Command(filepath.Join(bin, "mc2cf"), mc)
			cmd.Dir = filepath.Dir(mc)
			out, err := cmd.Output()
			if err != nil {
				return fmt.Errorf("mc2cf: %v %s", err, smtpStderr(err))
			}
			return os.WriteFile(cf, out, 0o644)
		}, oursMakemap, onhost)
		if err == nil {
			err = smtpStart(t, d, ours.sendmail, onhost)
		}
		if err != nil && strings.Contains(err.Error(), "not implemented") {
			oursSkip = fmt.Sprintf("ours: sendmail -bD is not implemented yet (%v): only the reference side runs", err)
			break
		}
		if err != nil {
			t.Errorf("ours: configuration %s: %v (its dialogues run on the reference only)", c, err)
			continue
		}
		ours.daemons[c] = d
	}
	if oursSkip != "" {
		t.Log(oursSkip)
	}

	dump := os.Getenv("SMTP_DUMP")
	for _, c := range names {
		t.Run(c, func(t *testing.T) {
			t.Parallel()
			od := ours.daemons[c]
			silent := 0 // dialogues in a row in which ours stopped answering
			for _, dl := range configs[c] {
				t.Run(dl.name, func(t *testing.T) {
					want := smtpPlay(t, ref, ref.daemons[c], dl)
					if dump != "" {
						smtpDump(t, filepath.Join(dump, c, dl.name+".ref"), dl, want)
					}
					smtpSane(t, dl, want)
					if oursSkip != "" || od == nil {
						return
					}
					if silent == 3 {
						t.Skip("ours: skipped, ours stopped answering in three dialogues in a row")
					}
					got := smtpPlay(t, ours, od, dl)
					silent++
					if !slices.ContainsFunc(got.problems, func(p string) bool { return strings.HasPrefix(p, "no reply") }) {
						silent = 0
					}
					if len(got.problems) > 0 {
						t.Errorf("ours: %s (%s):\n  %s", dl.name, dl.file, strings.Join(got.problems, "\n  "))
					}
					if dump != "" {
						smtpDump(t, filepath.Join(dump, c, dl.name+".ours"), dl, got)
					}
					smtpCompare(t, dl, ref, ours, c, want, got)
				})
			}
		})
	}
	if oursSkip != "" {
		t.Run("ours", func(t *testing.T) { t.Skip(oursSkip) })
	}
}

// smtpLoad reads the dialogues and the open-relay battery.
func smtpLoad(t *testing.T) []*smtpDialogue {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "smtp", "dialogues", "*.smtp"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no dialogues in testdata/smtp/dialogues: %v", err)
	}
	var ds []*smtpDialogue
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := smtpParse(strings.TrimSuffix(filepath.Base(f), ".smtp"), f, string(text))
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
	}
	relay, err := smtpOpenRelayDialogues(filepath.Join("testdata", "smtp", "openrelay.forms"))
	if err != nil {
		t.Fatal(err)
	}
	return append(ds, relay...)
}

// smtpParse reads one dialogue file.
func smtpParse(name, file, text string) (*smtpDialogue, error) {
	d := &smtpDialogue{name: name, file: file, config: "base", source: "127.0.0.1", queued: -1}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	fail := func(i int, format string, a ...any) error {
		return fmt.Errorf("%s:%d: %s", file, i+1, fmt.Sprintf(format, a...))
	}
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSuffix(lines[i], "\r")
		switch {
		case strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#"):
			continue
		case strings.HasPrefix(l, "!"):
			key, val, _ := strings.Cut(l[1:], " ")
			val = strings.TrimSpace(val)
			switch key {
			case "config":
				d.config = val
			case "source":
				if net.ParseIP(val) == nil {
					return nil, fail(i, "!source: not an address: %q", val)
				}
				d.source = val
			case "queued":
				if v, ok := strings.CutPrefix(val, "<="); ok {
					d.queuedAtMost, val = true, v
				}
				n, err := strconv.Atoi(val)
				if err != nil {
					return nil, fail(i, "!queued: %v", err)
				}
				d.queued = n
			default:
				return nil, fail(i, "unknown directive !%s", key)
			}
			continue
		case strings.HasPrefix(l, `"`):
			st := smtpStep{kind: smtpRaw}
			if q, ok := strings.CutSuffix(l, " nowait"); ok {
				l, st.nowait = q, true
			}
			s, err := strconv.Unquote(l)
			if err != nil {
				return nil, fail(i, "raw line: %v", err)
			}
			st.raw = []byte(s)
			d.steps = append(d.steps, st)
			continue
		}
		st := smtpStep{kind: smtpCommand}
		if strings.HasPrefix(l, "+") {
			st.kind = smtpPipe
			for ; i < len(lines) && strings.HasPrefix(lines[i], "+"); i++ {
				x, err := smtpExpand(strings.TrimSuffix(lines[i][1:], "\r"))
				if err != nil {
					return nil, fail(i, "%v", err)
				}
				st.lines = append(st.lines, x)
			}
			i--
		} else {
			x, err := smtpExpand(l)
			if err != nil {
				return nil, fail(i, "%v", err)
			}
			st.lines = []string{x}
		}
		isData := strings.EqualFold(strings.TrimSpace(st.lines[len(st.lines)-1]), "DATA")
		d.steps = append(d.steps, st)
		if !isData || i+1 >= len(lines) || strings.HasPrefix(lines[i+1], `"`) {
			continue
		}
		msg := smtpStep{kind: smtpMessage}
		for at := i; ; {
			if i++; i >= len(lines) {
				return nil, fail(at, "the message after DATA has no line \".\"")
			}
			ml := strings.TrimSuffix(lines[i], "\r")
			x, err := smtpExpand(ml)
			if err != nil {
				return nil, fail(i, "%v", err)
			}
			msg.lines = append(msg.lines, x)
			if ml == "." {
				break
			}
		}
		d.steps = append(d.steps, msg)
	}
	if len(d.steps) == 0 {
		return nil, fmt.Errorf("%s: no steps", file)
	}
	return d, nil
}

var smtpRepeat = regexp.MustCompile(`\{\{(\d+)\*(.*?)\}\}`)

// smtpExpand replaces {{N*TEXT}} by TEXT (Go escapes allowed) N times.
func smtpExpand(s string) (string, error) {
	var err error
	out := smtpRepeat.ReplaceAllStringFunc(s, func(m string) string {
		p := smtpRepeat.FindStringSubmatch(m)
		n, _ := strconv.Atoi(p[1])
		text, e := strconv.Unquote(`"` + strings.ReplaceAll(p[2], `"`, `\"`) + `"`)
		if e != nil {
			err = fmt.Errorf("%s: %v", m, e)
		}
		return strings.Repeat(text, n)
	})
	return out, err
}

// smtpOpenRelayConfigs are the configurations the open-relay battery runs
// on: the conformance suite's relay case (access map; it trusts
// 127.0.0.1 by a Connect: entry) and the base one (the cf's own policy,
// which always trusts 127.0.0.1). Neither trusts 127.0.0.2.
var smtpOpenRelayConfigs = []string{"relay", "base"}

// smtpOpenRelayDialogues makes the open-relay battery: for each recipient
// form of FILE (one a line, "#" comments; @IP@ is the server's address,
// @DOMAIN@ its host name) and each of smtpOpenRelayConfigs, one session
// from 127.0.0.2 (a client the configuration does not trust) that tries
// the form with the null sender, a foreign sender and a local one,
// sending a message whenever DATA is accepted. Nothing may be queued.
func smtpOpenRelayDialogues(file string) ([]*smtpDialogue, error) {
	text, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	senders := []string{"<>", "<antispam@example.org>", "<alice@mx.example.com>"}
	var ds []*smtpDialogue
	n := 0
	for i, l := range strings.Split(string(text), "\n") {
		if l = strings.TrimSpace(l); l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		n++
		form := strings.NewReplacer("@IP@", "127.0.0.1", "@DOMAIN@", "mx.example.com").Replace(l)
		for _, config := range smtpOpenRelayConfigs {
			var b strings.Builder
			fmt.Fprintf(&b, "!config %s\n!source 127.0.0.2\n!queued 0\nEHLO client.example\n", config)
			for _, s := range senders {
				fmt.Fprintf(&b, "MAIL FROM:%s\nRCPT TO:%s\nDATA\nSubject: relay test\n\nrelayed\n.\nRSET\n", s, form)
			}
			b.WriteString("QUIT\n")
			d, err := smtpParse(fmt.Sprintf("openrelay_%02d", n), fmt.Sprintf("%s:%d: %s", file, i+1, l), b.String())
			if err != nil {
				return nil, err
			}
			ds = append(ds, d)
		}
	}
	return ds, nil
}

// smtpConfigure makes the side's directory for a configuration: the .mc
// (preamble, then config.mc, with @DIR@ and @MAPDIR@ replaced), the .cf
// (by compile), the maps (by makemap) and the aliases (by sendmail -bi).
func smtpConfigure(side *smtpSide, config string, compile func(mc, cf string) error, makemap string, onhost func(string, ...string) []string) (*smtpDaemon, error) {
	src := filepath.Join("testdata", "smtp", "configs", config)
	dir := filepath.Join(side.dir, config)
	d := &smtpDaemon{config: config, dir: dir, cf: filepath.Join(dir, "x.cf"), queue: filepath.Join(dir, "queue"), mapdir: filepath.Join(dir, "maps")}
	for _, p := range []string{dir, d.mapdir, d.queue, filepath.Join(dir, "hoststat")} {
		if err := os.MkdirAll(p, 0o755); err != nil {
			return nil, err
		}
	}
	os.Chmod(d.queue, 0o700)
	repl := strings.NewReplacer("@DIR@", dir, "@MAPDIR@", d.mapdir)
	copyFile := func(from, to string) error {
		b, err := os.ReadFile(from)
		if err != nil {
			return err
		}
		return os.WriteFile(to, []byte(repl.Replace(string(b))), 0o644)
	}
	if ents, err := os.ReadDir(filepath.Join(src, "maps")); err == nil {
		for _, e := range ents {
			if err := copyFile(filepath.Join(src, "maps", e.Name()), filepath.Join(d.mapdir, e.Name())); err != nil {
				return nil, err
			}
		}
	}
	for _, f := range []string{"hosts", "service.switch", "aliases", "helpfile"} {
		if _, err := os.Stat(filepath.Join(d.mapdir, f)); err != nil {
			if err := copyFile(filepath.Join("testdata", "smtp", f), filepath.Join(d.mapdir, f)); err != nil {
				return nil, err
			}
		}
	}
	mc, err := os.ReadFile(filepath.Join(src, "config.mc"))
	if err != nil {
		return nil, err
	}
	mcPath := filepath.Join(dir, "config.mc")
	if err := os.WriteFile(mcPath, []byte(repl.Replace(smtpPreamble+string(mc))), 0o644); err != nil {
		return nil, err
	}
	if err := compile(mcPath, d.cf); err != nil {
		return nil, err
	}
	for _, m := range []string{"access", "virtusertable", "genericstable", "mailertable", "domaintable", "authinfo"} {
		p := filepath.Join(d.mapdir, m)
		text, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		cmd := exec.Command(makemap, "hash", p)
		cmd.Stdin = bytes.NewReader(text)
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("makemap hash %s: %v\n%s", m, err, out)
		}
	}
	argv := onhost(side.sendmail, "-bi", "-C", d.cf)
	if out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("sendmail -bi: %v\n%s", err, out)
	}
	return d, nil
}

// smtpStart starts `sendmail -bD` on a free loopback port, in a process
// group of its own (killed at the end of the test), and waits until the
// port accepts connections.
func smtpStart(t *testing.T, d *smtpDaemon, sendmail string, onhost func(string, ...string) []string) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	d.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	argv := onhost(sendmail, "-bD", "-C", d.cf, "-O", fmt.Sprintf("DaemonPortOptions=Port=%d,Addr=127.0.0.1,Name=MTA", d.port))
	d.cmd = exec.Command(argv[0], argv[1:]...)
	d.cmd.Dir = d.dir
	d.out = &bytes.Buffer{}
	d.cmd.Stdout, d.cmd.Stderr = d.out, d.out
	d.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := d.cmd.Start(); err != nil {
		return err
	}
	d.done = make(chan struct{})
	go func() { d.cmd.Wait(); close(d.done) }()
	t.Cleanup(func() {
		pgid := d.cmd.Process.Pid
		syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-d.done:
		case <-time.After(3 * time.Second):
		}
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-d.done
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-d.done:
			return fmt.Errorf("exited at once (%v): %s", d.cmd.ProcessState, strings.TrimSpace(d.out.String()))
		default:
		}
		if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", d.port), time.Second); err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("port %d not accepting connections after 30 s: %s", d.port, d.out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// smtpPlay plays the dialogue against the daemon, counts what it queued,
// and empties its queue.
func smtpPlay(t *testing.T, side *smtpSide, d *smtpDaemon, dl *smtpDialogue) smtpResult {
	t.Helper()
	var r smtpResult
	smtpEmptyQueue(t, d.queue)
	dialer := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(dl.source)}, Timeout: 5 * time.Second}
	conn, err := dialer.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", d.port))
	if err != nil {
		t.Fatalf("%s: connect from %s: %v", side.name, dl.source, err)
	}
	defer conn.Close()
	c := &smtpConn{conn: conn.(*net.TCPConn), rd: bufio.NewReader(conn), r: &r}

	closed := !c.reply()
	var last string // the code of the last reply read
	last = c.lastCode
	for i := 0; i < len(dl.steps) && !closed; i++ {
		st := dl.steps[i]
		switch st.kind {
		case smtpCommand:
			r.transcript = append(r.transcript, "C: "+smtpShow(st.lines[0]))
			c.write([]byte(st.lines[0] + "\r\n"))
			closed = !c.reply()
		case smtpPipe:
			var b []byte
			for _, l := range st.lines {
				r.transcript = append(r.transcript, "C: +"+smtpShow(l))
				b = append(b, l+"\r\n"...)
			}
			c.write(b)
			for range st.lines {
				if closed = !c.reply(); closed {
					break
				}
			}
		case smtpRaw:
			r.transcript = append(r.transcript, "C: "+strconv.Quote(string(st.raw)))
			c.write(st.raw)
			closed = !c.replies(!st.nowait)
		case smtpMessage:
			if last != "354" {
				r.transcript = append(r.transcript, fmt.Sprintf("C: (message of %d lines not sent: DATA answered %s)", len(st.lines), last))
				break
			}
			var b []byte
			for j, l := range st.lines {
				if j < smtpDataLineMax || j == len(st.lines)-1 {
					r.transcript = append(r.transcript, "C| "+smtpShow(l))
				} else if j == smtpDataLineMax {
					r.transcript = append(r.transcript, fmt.Sprintf("C| (%d more lines)", len(st.lines)-1-smtpDataLineMax))
				}
				b = append(b, l+"\r\n"...)
			}
			c.write(b)
			closed = !c.reply()
		}
		last = c.lastCode
		if !closed && (last == "221" || last == "421") {
			// The server says goodbye: the client sends no more.
			c.rest()
			closed = true
		}
	}
	if !closed {
		// The client is done: shut our side down, read the rest.
		r.transcript = append(r.transcript, "C: (end of input)")
		c.conn.CloseWrite()
		c.rest()
	}
	// The server has closed the connection: the session's queue files
	// are written (a message is queued before it is acknowledged).
	r.queued, r.queueInfo = smtpQueued(d.queue)
	r.transcript = append(r.transcript, fmt.Sprintf("Q: %d message(s) queued", r.queued))
	smtpEmptyQueue(t, d.queue)
	return r
}

// smtpConn reads replies into a transcript.
type smtpConn struct {
	conn     *net.TCPConn
	rd       *bufio.Reader
	r        *smtpResult
	lastCode string
}

func (c *smtpConn) write(b []byte) {
	c.conn.SetWriteDeadline(time.Now().Add(smtpReplyTimeout))
	if _, err := c.conn.Write(b); err != nil {
		c.r.transcript = append(c.r.transcript, "C: (write failed: "+smtpNetErr(err)+")")
	}
}

// line reads one line before the deadline; ok is false at EOF or on an
// error, which is noted in the transcript.
func (c *smtpConn) line(deadline time.Time, quiet bool) (string, bool) {
	c.conn.SetReadDeadline(deadline)
	l, err := c.rd.ReadString('\n')
	if err != nil {
		if l != "" {
			c.r.transcript = append(c.r.transcript, "S: "+smtpShow(l)+" (no line end)")
		}
		var ne net.Error
		switch {
		case errors.As(err, &ne) && ne.Timeout() && quiet:
			return "", false
		case errors.As(err, &ne) && ne.Timeout():
			c.r.transcript = append(c.r.transcript, "S: (no reply)")
			c.r.problems = append(c.r.problems, "no reply within "+smtpReplyTimeout.String())
		case err == io.EOF || errors.Is(err, syscall.ECONNRESET):
			// A reset or an end of file, as it happens: the server has
			// closed the connection.
			c.r.transcript = append(c.r.transcript, "S: (connection closed)")
		default:
			c.r.transcript = append(c.r.transcript, "S: (connection closed: "+smtpNetErr(err)+")")
		}
		return "", false
	}
	l = strings.TrimSuffix(l, "\n")
	if !strings.HasSuffix(l, "\r") {
		c.r.problems = append(c.r.problems, fmt.Sprintf("reply line without CR: %q", l))
	}
	l = strings.TrimSuffix(l, "\r")
	c.r.transcript = append(c.r.transcript, "S: "+smtpShow(l))
	return l, true
}

// reply reads one reply (all its lines); false when the connection is
// gone (or went silent).
func (c *smtpConn) reply() bool {
	deadline := time.Now().Add(smtpReplyTimeout)
	for {
		l, ok := c.line(deadline, false)
		if !ok {
			c.lastCode = ""
			return false
		}
		if len(l) >= 3 {
			c.lastCode = l[:3]
		}
		// Verbose mode's 0xx lines come before the reply they belong to.
		if (len(l) < 4 || l[3] != '-') && !strings.HasPrefix(l, "0") {
			return true
		}
	}
}

// replies reads whatever comes until the server is quiet for smtpQuiet;
// with wait, it first waits (smtpReplyTimeout) for a line to come.
func (c *smtpConn) replies(wait bool) bool {
	for {
		deadline, quiet := time.Now().Add(smtpQuiet), true
		if wait {
			deadline, quiet, wait = time.Now().Add(smtpReplyTimeout), false, false
		}
		l, ok := c.line(deadline, quiet)
		if !ok {
			return c.isOpen()
		}
		if len(l) >= 3 {
			c.lastCode = l[:3]
		}
	}
}

// isOpen tells a quiet connection from one that was closed (line notes
// the close in the transcript; a quiet one left nothing there).
func (c *smtpConn) isOpen() bool {
	t := c.r.transcript
	return len(t) == 0 || !strings.HasPrefix(t[len(t)-1], "S: (connection closed")
}

// rest reads until the server closes.
func (c *smtpConn) rest() {
	deadline := time.Now().Add(smtpReplyTimeout)
	for {
		if _, ok := c.line(deadline, false); !ok {
			return
		}
	}
}

func smtpNetErr(err error) string {
	if errors.Is(err, syscall.ECONNRESET) {
		return "reset"
	}
	if errors.Is(err, syscall.EPIPE) {
		return "broken pipe"
	}
	return err.Error()
}

// smtpShow writes a line for a transcript: as it is when printable,
// else quoted; a very long line is cut, what was cut off represented by
// its length and a checksum of the whole line.
func smtpShow(s string) string {
	cut := ""
	if len(s) > 200 {
		h := fnv.New32a()
		h.Write([]byte(s))
		cut = fmt.Sprintf("...(%d bytes, fnv %08x)", len(s), h.Sum32())
		s = s[:200]
	}
	for _, r := range s {
		if r < ' ' && r != '\t' || r == 0x7f || r == 0xfffd {
			return strconv.Quote(s) + cut
		}
	}
	return s + cut
}

// smtpQueued counts the messages in a queue directory (its qf files) and
// returns their envelope lines (sender and recipients).
func smtpQueued(dir string) (int, []string) {
	n := 0
	var info []string
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasPrefix(e.Name(), "qf") {
			return nil
		}
		n++
		b, _ := os.ReadFile(p)
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "S") || strings.HasPrefix(l, "R") {
				info = append(info, e.Name()+": "+l)
			}
		}
		return nil
	})
	return n, info
}

func smtpEmptyQueue(t *testing.T, dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

var (
	smtpReplyLine = regexp.MustCompile(`^(0[0-9][0-9]|[2-5][0-9][0-9])([ -]|$)`)
	smtpEnhanced  = regexp.MustCompile(`^[2-5][0-9][0-9][ -]([245]\.[0-9]{1,3}\.[0-9]{1,3})\b`)
)

// smtpSane checks the reference's transcript: the corpus is only worth
// something where the reference answers every step sensibly.
func smtpSane(t *testing.T, dl *smtpDialogue, r smtpResult) {
	t.Helper()
	var bad []string
	bad = append(bad, r.problems...)
	multi := ""
	for _, l := range r.transcript {
		s, ok := strings.CutPrefix(l, "S: ")
		if !ok || strings.HasPrefix(s, "(") {
			continue
		}
		if !smtpReplyLine.MatchString(s) {
			bad = append(bad, fmt.Sprintf("not a reply line: %q", s))
			continue
		}
		if multi != "" && s[:3] != multi {
			bad = append(bad, fmt.Sprintf("a multi-line reply changes its code: %q", s))
		}
		multi = ""
		if len(s) > 3 && s[3] == '-' {
			multi = s[:3]
		}
	}
	if msg := smtpCheckQueued(dl, r.queued); msg != "" {
		bad = append(bad, msg)
	}
	if len(bad) > 0 {
		t.Errorf("reference: %s (%s):\n  %s\ntranscript:\n%s", dl.name, dl.file, strings.Join(bad, "\n  "), strings.Join(r.transcript, "\n"))
	}
}

func smtpCheckQueued(dl *smtpDialogue, n int) string {
	switch {
	case dl.queued < 0:
	case dl.queuedAtMost && n > dl.queued:
		return fmt.Sprintf("%d messages queued, at most %d allowed", n, dl.queued)
	case !dl.queuedAtMost && n != dl.queued:
		return fmt.Sprintf("%d messages queued, want %d", n, dl.queued)
	}
	return ""
}

// smtpCompare requires the same normalised transcript from both sides.
func smtpCompare(t *testing.T, dl *smtpDialogue, ref, ours *smtpSide, config string, want, got smtpResult) {
	t.Helper()
	if msg := smtpCheckQueued(dl, got.queued); msg != "" {
		t.Errorf("ours: %s\n%s", msg, strings.Join(got.queueInfo, "\n"))
	}
	w := smtpNormalize(want.transcript, ref.daemons[config])
	g := smtpNormalize(got.transcript, ours.daemons[config])
	if strings.Join(w, "\n") == strings.Join(g, "\n") {
		return
	}
	// Name the first difference: code, enhanced code or text.
	what := "the transcripts differ"
	for i := 0; i < len(w) && i < len(g); i++ {
		if w[i] == g[i] {
			continue
		}
		ws, wok := strings.CutPrefix(w[i], "S: ")
		gs, gok := strings.CutPrefix(g[i], "S: ")
		switch {
		case !wok || !gok:
			what = fmt.Sprintf("line %d: %q, reference %q", i+1, g[i], w[i])
		case len(ws) < 3 || len(gs) < 3 || ws[:3] != gs[:3]:
			what = fmt.Sprintf("reply code differs at line %d", i+1)
		case smtpEnhancedCode(ws) != smtpEnhancedCode(gs):
			what = fmt.Sprintf("enhanced status code differs at line %d: reference %q, ours %q", i+1, smtpEnhancedCode(ws), smtpEnhancedCode(gs))
		default:
			what = fmt.Sprintf("reply text differs at line %d", i+1)
		}
		break
	}
	t.Errorf("%s (%s): %s (normalised; - reference, + ours):\n%s", dl.name, dl.file, what,
		smtpDiff(w, g))
}

func smtpEnhancedCode(s string) string {
	if m := smtpEnhanced.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

var (
	smtpDate     = regexp.MustCompile(`(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d(?::\d\d)?(?: [+-]\d{4}| [A-Z]{1,5})?(?: \([A-Za-z ]+\))?`)
	smtpQID      = regexp.MustCompile(`\b[0-9A-Za-x]{8}[0-9]{6,}\b`)
	smtpAccepted = regexp.MustCompile(`^(S: 250[ -]2\.0\.0 )\S+( Message accepted for delivery)`)
	smtpVersion  = regexp.MustCompile(`(?i)\b(version) \S+`)
	smtpGreeting = regexp.MustCompile(`^(S: 220[ -]\S+)(?: ESMTP)?\b.*`)
)

// smtpNormalize rewrites a transcript for comparison.
func smtpNormalize(tr []string, d *smtpDaemon) []string {
	host, _ := os.Hostname()
	var hostRe *regexp.Regexp
	if host != "" && host != "mx.example.com" && host != "localhost" {
		hostRe = regexp.MustCompile(`\b` + regexp.QuoteMeta(host) + `\b`)
	}
	portRe := regexp.MustCompile(`\b` + strconv.Itoa(d.port) + `\b`)
	out := make([]string, len(tr))
	greeted := false
	for i, l := range tr {
		if strings.HasPrefix(l, "S: ") {
			if !greeted && smtpGreeting.MatchString(l) {
				l = smtpGreeting.ReplaceAllString(l, "$1 ESMTP <greeting>")
			}
			greeted = true
			l = smtpAccepted.ReplaceAllString(l, "$1<qid>$2")
			l = smtpDate.ReplaceAllString(l, "<date>")
			l = smtpQID.ReplaceAllString(l, "<qid>")
			l = smtpVersion.ReplaceAllString(l, "$1 <version>")
		}
		l = strings.ReplaceAll(l, d.dir, "@DIR@")
		l = portRe.ReplaceAllString(l, "<port>")
		if hostRe != nil {
			l = hostRe.ReplaceAllString(l, "<host>")
		}
		out[i] = l
	}
	return out
}

func smtpDump(t *testing.T, path string, dl *smtpDialogue, r smtpResult) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s (%s) config %s, from %s\n", dl.name, dl.file, dl.config, dl.source)
	for _, l := range r.transcript {
		b.WriteString(l + "\n")
	}
	for _, l := range r.queueInfo {
		b.WriteString("Q| " + l + "\n")
	}
	for _, p := range r.problems {
		b.WriteString("!! " + p + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// smtpDiff shows two transcripts line by line: "-" only in a (the
// reference), "+" only in b (ours), " " in both.
func smtpDiff(a, b []string) string {
	var out strings.Builder
	lineDiff(a, b, func(prefix, s string) { out.WriteString(prefix + s + "\n") })
	return out.String()
}

// smtpSafeDir returns an empty directory sendmail accepts for its queue
// and maps (see safeDir).
func smtpSafeDir(t *testing.T) string { return safeDir(t, "smtp") }

// smtpNsswitch writes a copy of /etc/nsswitch.conf whose hosts line says
// files only: no answer may depend on DNS (and an unanswered query costs
// sendmail five seconds at start-up).
func smtpNsswitch(t *testing.T, path string) {
	text, _ := os.ReadFile("/etc/nsswitch.conf")
	lines := strings.Split(string(text), "\n")
	found := false
	for i, l := range lines {
		if strings.HasPrefix(l, "hosts:") {
			lines[i], found = "hosts: files", true
		}
	}
	if !found {
		lines = append(lines, "hosts: files")
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}

func smtpStderr(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(ee.Stderr)
	}
	return ""
}
