package mlog

import (
	"io"
	"net"
	"os"
	"strconv"
	"sync"
	"time"
)

// DefaultLevel is the LogLevel of Debian's sendmail.cf (O LogLevel=9).
const DefaultLevel = 9

// facilityMail is LOG_MAIL.
const facilityMail = 2

// Logger writes records to syslog as sendmail does, or to a writer.
// A nil *Logger logs nothing. It is safe for concurrent use.
type Logger struct {
	// Level is the LogLevel option: records of a higher level are
	// dropped.
	Level int
	// Tag is the syslog tag (-L); "" is "sendmail".
	Tag string
	// SocketPaths are tried in order to reach syslog (nil: /dev/log,
	// /var/run/syslog, /var/run/log).
	SocketPaths []string
	// Now and PID make the syslog header (nil, 0: the clock and this
	// process).
	Now func() time.Time
	PID int

	mu   sync.Mutex
	out  io.Writer // nil: syslog
	conn net.Conn
	// stream: conn is a stream socket (messages end in a NUL)
	stream bool
	// failed is when the last attempt to reach syslog failed; lines
	// logged within pause of it are dropped without trying again, so
	// that a host without a syslog daemon does not pay a stat and two
	// dials for every line (-1: the default, retryPause)
	failed time.Time
	pause  time.Duration
}

// retryPause is how long a Logger that found no syslog daemon drops
// lines before it looks for one again: a restarted daemon misses at
// most this much.
const retryPause = time.Second

// myPid is this process's ID (Go processes do not fork).
var myPid = os.Getpid()

// New returns a Logger that writes to the local syslog daemon, facility
// mail, with sendmail's tag and this process's pid. Nothing is opened
// until a line is logged; when no syslog daemon listens the lines are
// dropped, as syslog(3) drops them, and the socket is looked for again
// a second later.
func New(level int, tag string) *Logger { return &Logger{Level: level, Tag: tag} }

// NewWriter returns a Logger that writes each message (the text after
// "sendmail[pid]: ") on a line of its own to w: for tests, or a log file.
func NewWriter(w io.Writer, level int) *Logger { return &Logger{Level: level, out: w} }

// Enabled tells whether records of the given level are logged.
func (l *Logger) Enabled(level int) bool { return l != nil && l.Level >= level }

// Log logs r if the LogLevel allows it.
func (l *Logger) Log(r Record) {
	if l == nil || r == nil || l.Level < r.Level() {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.out == nil && l.conn == nil && !l.connect() {
		l.failed = time.Now()
		return // no syslog daemon: nothing to format
	}
	msgs := FormatTag(r, l.Tag)
	if l.out != nil {
		for _, m := range msgs {
			io.WriteString(l.out, m+"\n")
		}
		return
	}
	for _, m := range msgs {
		l.send(r.Severity(), m)
	}
}

// Close closes the connection to syslog.
func (l *Logger) Close() error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.conn != nil {
		err := l.conn.Close()
		l.conn = nil
		return err
	}
	return nil
}

// send writes one datagram as glibc's syslog(3) does: "<PRI>Mmm dd
// hh:mm:ss TAG[PID]: MSG", local time, no newline. A stream socket gets a
// NUL after each message, as glibc ends them there.
func (l *Logger) send(sev int, msg string) {
	now := time.Now
	if l.Now != nil {
		now = l.Now
	}
	pid := l.PID
	if pid == 0 {
		pid = myPid
	}
	tag := l.Tag
	if tag == "" {
		tag = "sendmail"
	}
	line := Datagram(sev, now(), tag, pid, msg)
	for try := 0; try < 2; try++ {
		if l.conn == nil && !l.connect() {
			l.failed = time.Now()
			return
		}
		b := []byte(line)
		if l.stream {
			b = append(b, 0)
		}
		if _, err := l.conn.Write(b); err == nil {
			return
		}
		// the daemon went away (or restarted): connect again once
		l.conn.Close()
		l.conn = nil
	}
}

// Datagram is a message as glibc's syslog(3) sends it for facility mail:
// "<PRI>Mmm dd hh:mm:ss TAG[PID]: MSG", the time in the local zone.
func Datagram(sev int, t time.Time, tag string, pid int, msg string) string {
	return "<" + strconv.Itoa(facilityMail<<3|sev) + ">" + t.Format(time.Stamp) + " " +
		tag + "[" + strconv.Itoa(pid) + "]: " + msg
}

func (l *Logger) connect() bool {
	pause := retryPause
	if l.pause != 0 {
		pause = max(l.pause, 0)
	}
	if !l.failed.IsZero() && time.Since(l.failed) < pause {
		return false
	}
	paths := l.SocketPaths
	if paths == nil {
		paths = []string{"/dev/log", "/var/run/syslog", "/var/run/log"}
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			continue // no socket there: no dialing (a line costs a stat)
		}
		for _, nw := range []string{"unixgram", "unix"} {
			c, err := net.DialTimeout(nw, p, time.Second)
			if err == nil {
				l.conn, l.stream = c, nw == "unix"
				return true
			}
		}
	}
	return false
}
