// Command smtpsink is the peer of `make bench`'s queue-runner benchmark
// (scripts/bench-queue.sh): an SMTP server on a loopback port that accepts
// every MAIL, RCPT and DATA at once, throws the data away and counts what
// it saw. It offers PIPELINING (replies are buffered and written when the
// client has nothing more in flight), 8BITMIME, SIZE and
// ENHANCEDSTATUSCODES, and nothing else: no STARTTLS, AUTH, DSN or CHUNKING.
//
// The counts are one line of key=value pairs:
//
//	conns=100 open=0 msgs=10000 rcpts=1000000 bytes=27200000 rsets=9900 errors=0
//
// conns is connections accepted, open those still open, msgs transactions
// ended by "250" after DATA, rcpts the recipients of those transactions,
// bytes their data (as received, dots and CRLF included), errors commands
// refused as out of sequence or unknown. They are printed on the standard
// output when SIGTERM or SIGINT ends the sink; with -report-file they are
// also written to that file (whole, by rename) then and on every SIGUSR1,
// which leaves the sink running. -reset-on-usr1 zeroes the counters (but
// open) after each such report, so one sink can count several runs in turn.
//
// -quickack sets TCP_QUICKACK before every read, so that the sink
// acknowledges each segment at once instead of delaying the ACK (40 ms
// minimum on Linux) until it has something to send. A client that writes
// the message and then the final "." in two small writes with Nagle's
// algorithm on (as sendmail does) waits for that delayed ACK once per
// message; -quickack shows the client's time without that wait.
//
//	smtpsink -addr 127.0.0.1:0 -addr-file sink.addr -report-file sink.counts
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

type counts struct {
	conns, open, msgs, rcpts, bytes, rsets, errors atomic.Int64
}

func (c *counts) String() string {
	return fmt.Sprintf("conns=%d open=%d msgs=%d rcpts=%d bytes=%d rsets=%d errors=%d",
		c.conns.Load(), c.open.Load(), c.msgs.Load(), c.rcpts.Load(),
		c.bytes.Load(), c.rsets.Load(), c.errors.Load())
}

func (c *counts) reset() {
	for _, v := range []*atomic.Int64{&c.conns, &c.msgs, &c.rcpts, &c.bytes, &c.rsets, &c.errors} {
		v.Store(0)
	}
}

var (
	stats   counts
	name    = flag.String("name", "sink.example", "host name in the greeting and EHLO reply")
	maxSize = flag.Int64("size", 52428800, "SIZE offered in the EHLO reply")
	idle    = flag.Duration("timeout", 5*time.Minute, "idle timeout of a connection")
	quick   = flag.Bool("quickack", false, "acknowledge every segment at once (TCP_QUICKACK before each read)")
)

func main() {
	addr := flag.String("addr", "127.0.0.1:2525", "address to listen on (port 0: any free port)")
	addrFile := flag.String("addr-file", "", "write the address listened on to this file once listening")
	report := flag.String("report-file", "", "write the counts to this file on SIGUSR1 and at exit")
	reset := flag.Bool("reset-on-usr1", false, "zero the counters after each SIGUSR1 report")
	flag.Parse()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "smtpsink:", err)
		os.Exit(1)
	}
	if *addrFile != "" {
		if err := writeFile(*addrFile, ln.Addr().String()+"\n"); err != nil {
			fmt.Fprintln(os.Stderr, "smtpsink:", err)
			os.Exit(1)
		}
	}
	sig := make(chan os.Signal, 4)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT, syscall.SIGUSR1)
	go func() {
		for s := range sig {
			line := stats.String()
			if *report != "" {
				if err := writeFile(*report, line+"\n"); err != nil {
					fmt.Fprintln(os.Stderr, "smtpsink:", err)
				}
			}
			if s == syscall.SIGUSR1 {
				if *reset {
					stats.reset()
				}
				continue
			}
			fmt.Println(line)
			os.Exit(0)
		}
	}()
	for {
		c, err := ln.Accept()
		if err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				continue
			}
			fmt.Fprintln(os.Stderr, "smtpsink:", err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		stats.conns.Add(1)
		stats.open.Add(1)
		go serve(c)
	}
}

// writeFile replaces path with data whole, so a reader never sees half.
func writeFile(path, data string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".smtpsink*")
	if err != nil {
		return err
	}
	if _, err := tmp.WriteString(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// quickReader turns TCP_QUICKACK on before each read (the kernel turns it
// off again by itself).
type quickReader struct {
	c  net.Conn
	rc syscall.RawConn
}

func (q *quickReader) Read(p []byte) (int, error) {
	q.rc.Control(func(fd uintptr) {
		syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_QUICKACK, 1)
	})
	return q.c.Read(p)
}

type session struct {
	c     net.Conn
	r     *bufio.Reader
	w     *bufio.Writer
	mail  bool // MAIL accepted
	rcpts int  // RCPTs accepted in this transaction
	seq   int
}

func serve(c net.Conn) {
	defer stats.open.Add(-1)
	defer c.Close()
	var rd io.Reader = c
	if tc, ok := c.(*net.TCPConn); ok && *quick {
		if rc, err := tc.SyscallConn(); err == nil {
			rd = &quickReader{c: c, rc: rc}
		}
	}
	s := &session{c: c, r: bufio.NewReaderSize(rd, 64<<10), w: bufio.NewWriterSize(c, 16<<10)}
	s.w.WriteString("220 " + *name + " ESMTP smtpsink\r\n")
	if s.w.Flush() != nil {
		return
	}
	for {
		c.SetReadDeadline(time.Now().Add(*idle))
		line, err := s.readLine()
		if err != nil {
			return
		}
		if !s.command(line) {
			s.w.Flush()
			return
		}
		// Pipelining: answer a group of commands in one write, once
		// the client has sent everything it has in flight.
		if s.r.Buffered() == 0 {
			if s.w.Flush() != nil {
				return
			}
		}
	}
}

// readLine reads one command line without its CRLF; over-long lines are
// cut at 4096 bytes.
func (s *session) readLine() (string, error) {
	var buf []byte
	for {
		l, err := s.r.ReadSlice('\n')
		if len(buf) < 4096 {
			buf = append(buf, l...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return "", err
		}
		return strings.TrimRight(string(buf), "\r\n"), nil
	}
}

func (s *session) reply(line string) { s.w.WriteString(line + "\r\n") }

func (s *session) refuse(line string) {
	stats.errors.Add(1)
	s.reply(line)
}

// command handles one command line; false ends the session.
func (s *session) command(line string) bool {
	verb, _, _ := strings.Cut(line, " ")
	switch strings.ToUpper(verb) {
	case "EHLO":
		s.mail, s.rcpts = false, 0
		s.reply("250-" + *name + " Hello")
		s.reply("250-PIPELINING")
		s.reply("250-8BITMIME")
		s.reply(fmt.Sprintf("250-SIZE %d", *maxSize))
		s.reply("250 ENHANCEDSTATUSCODES")
	case "HELO":
		s.mail, s.rcpts = false, 0
		s.reply("250 " + *name + " Hello")
	case "MAIL":
		if s.mail {
			s.refuse("503 5.5.0 Sender already specified")
		} else if !hasPrefixFold(line, "MAIL FROM:") {
			s.refuse("501 5.5.2 Syntax error in parameters")
		} else {
			s.mail = true
			s.reply("250 2.1.0 Sender ok")
		}
	case "RCPT":
		if !s.mail {
			s.refuse("503 5.0.0 Need MAIL before RCPT")
		} else if !hasPrefixFold(line, "RCPT TO:") {
			s.refuse("501 5.5.2 Syntax error in parameters")
		} else {
			s.rcpts++
			s.reply("250 2.1.5 Recipient ok")
		}
	case "DATA":
		if !s.mail || s.rcpts == 0 {
			s.refuse("503 5.0.0 Need RCPT (recipient)")
			return true
		}
		s.reply("354 Enter mail, end with \".\" on a line by itself")
		if s.w.Flush() != nil {
			return false
		}
		n, err := s.discard()
		if err != nil {
			return false
		}
		s.seq++
		stats.msgs.Add(1)
		stats.rcpts.Add(int64(s.rcpts))
		stats.bytes.Add(n)
		s.mail, s.rcpts = false, 0
		s.reply(fmt.Sprintf("250 2.0.0 Ok: queued as S%d", s.seq))
	case "RSET":
		stats.rsets.Add(1)
		s.mail, s.rcpts = false, 0
		s.reply("250 2.0.0 Reset state")
	case "NOOP":
		s.reply("250 2.0.0 OK")
	case "VRFY":
		s.reply("252 2.5.2 Cannot VRFY user")
	case "QUIT":
		s.reply("221 2.0.0 " + *name + " closing connection")
		return false
	default:
		s.refuse("500 5.5.1 Command unrecognized")
	}
	return true
}

// discard reads the message up to the line with a single dot and returns
// how many bytes that was.
func (s *session) discard() (int64, error) {
	var n int64
	bol := true // at the beginning of a line
	for {
		s.c.SetReadDeadline(time.Now().Add(*idle))
		l, err := s.r.ReadSlice('\n')
		n += int64(len(l))
		if err == bufio.ErrBufferFull {
			bol = false
			continue
		}
		if err != nil {
			return n, err
		}
		if bol && (bytes.Equal(l, []byte(".\r\n")) || bytes.Equal(l, []byte(".\n"))) {
			return n, nil
		}
		bol = true
	}
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
