package smtpclient

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/gosendmail/gosendmail/deliver"
	"github.com/gosendmail/gosendmail/ruleset"
)

// session is one SMTP connection, after the greeting and EHLO.
type session struct {
	c    *Client
	conn net.Conn
	r    *bufio.Reader
	w    *bufio.Writer
	host string // the target's name: "[127.0.0.1]", "mx.example.net."
	key  string // connection cache key
	ext  map[string]string
	tls  bool
	used time.Time

	tr        strings.Builder // transcript of the current transaction
	lastCmd   string
	loggedCmd string
	headed    map[deliver.Kind]bool
}

// errReply is a reply that ends the attempt on this host.
type errReply struct {
	r  *Reply
	ph phase
}

func (e *errReply) Error() string { return e.r.Line() }

func (s *session) verbose(format string, a ...any) {
	if s.c.Verbose != nil {
		fmt.Fprintf(s.c.Verbose, format, a...)
	}
}

// send writes one command (not flushed).
func (s *session) send(cmd string, to time.Duration) error {
	s.verbose(">>> %s\n", cmd)
	s.lastCmd = cmd
	s.conn.SetWriteDeadline(deadline(to))
	_, err := s.w.WriteString(cmd + "\r\n")
	return err
}

func (s *session) flush() error { return s.w.Flush() }

// read reads one reply.
func (s *session) read(to time.Duration) (*Reply, error) {
	s.conn.SetReadDeadline(deadline(to))
	r, err := ReadReply(s.r)
	if err != nil {
		return nil, err
	}
	for i, l := range r.Lines {
		sep := " "
		if i < len(r.Lines)-1 {
			sep = "-"
		}
		s.verbose("%d%s%s\n", r.Code, sep, l)
	}
	return r, nil
}

func (s *session) cmd(cmd string, to time.Duration) (*Reply, error) {
	if err := s.send(cmd, to); err != nil {
		return nil, err
	}
	if err := s.flush(); err != nil {
		return nil, err
	}
	return s.read(to)
}

func deadline(to time.Duration) time.Time {
	if to <= 0 {
		return time.Time{}
	}
	return time.Now().Add(to)
}

// note adds a failed reply to the transcript and returns the text that
// goes above the status line of the first failure of kind k in this
// transaction ("... while talking to HOST:", ">>> CMD", "<<< reply").
func (s *session) note(r *Reply, k deliver.Kind) string {
	var b strings.Builder
	if !s.headed[k] {
		s.headed[k] = true
		fmt.Fprintf(&b, "... while talking to %s:\n>>> %s\n", s.host, s.lastCmd)
		s.loggedCmd = s.lastCmd
	} else if s.loggedCmd != s.lastCmd {
		fmt.Fprintf(&b, ">>> %s\n", s.lastCmd)
		s.loggedCmd = s.lastCmd
	}
	r.transcript(&b)
	return b.String()
}

// status is the outcome of reply r to phase ph, with its transcript.
func (s *session) status(ph phase, r *Reply) *deliver.Status {
	k := deliver.PermFail
	if r.Code/100 == 4 {
		k = deliver.TempFail
	}
	return replyStatus(ph, r, s.host, s.note(r, k), s.has("DSN"), s.has("ENHANCEDSTATUSCODES"))
}

func (s *session) has(ext string) bool {
	_, ok := s.ext[ext]
	return ok
}

// dial connects to one address of t and says hello: the greeting, EHLO
// (HELO when EHLO is refused, or when neither the mailer has F=a nor the
// greeting says ESMTP), STARTTLS when offered and AUTH when we have
// credentials. noTLS leaves STARTTLS out (the retry after a failed
// handshake).
func (c *Client) dial(ctx context.Context, m *ruleset.Mailer, t target, ip netip.Addr, port int, noTLS bool) (*session, error) {
	to := c.Timeouts.withDefaults()
	d := c.Dial
	if d == nil {
		nd := &net.Dialer{Timeout: to.Connect}
		d = nd.DialContext
	}
	addr := net.JoinHostPort(ip.String(), strconv.Itoa(port))
	dctx := ctx
	if to.Connect > 0 {
		var cancel context.CancelFunc
		dctx, cancel = context.WithTimeout(ctx, to.Connect)
		defer cancel()
	}
	conn, err := d(dctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &session{c: c, conn: conn, r: bufio.NewReader(conn), w: bufio.NewWriter(conn), host: t.name,
		headed: map[deliver.Kind]bool{}}
	greet, err := s.read(to.Initial)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if greet.Code != 220 {
		s.quit()
		return nil, &errReply{greet, phGreet}
	}
	if f := strings.Fields(greet.Text()); len(f) > 0 && c.HeloName != "" && strings.EqualFold(trimDot(f[0]), trimDot(c.HeloName)) {
		s.quit()
		return nil, &loopError{t.name}
	}
	esmtp := m.Flags['a'] || strings.Contains(strings.Join(greet.Lines, "\n"), "ESMTP")
	if err := s.hello(esmtp, to); err != nil {
		return nil, err
	}
	if c.TLS != nil && !noTLS && s.has("STARTTLS") {
		r, err := s.cmd("STARTTLS", to.StartTLS)
		if err != nil {
			conn.Close()
			return nil, err
		}
		if r.Code == 220 {
			cfg := c.TLS.Clone()
			if cfg.ServerName == "" && t.lookup != "" {
				cfg.ServerName = t.lookup
			}
			tc := tls.Client(conn, cfg)
			tc.SetDeadline(deadline(to.StartTLS))
			if err := tc.HandshakeContext(ctx); err != nil {
				conn.Close()
				return nil, &tlsError{err}
			}
			tc.SetDeadline(time.Time{})
			s.conn, s.r, s.w, s.tls = tc, bufio.NewReader(tc), bufio.NewWriter(tc), true
			if err := s.hello(true, to); err != nil {
				return nil, err
			}
		}
	}
	if c.Auth != nil && s.has("AUTH") {
		if ai, ok := c.Auth(trimDot(t.lookup), ip); ok && ai != nil {
			if err := s.auth(ai, to.Misc); err != nil {
				var er *errReply
				if !errors.As(err, &er) {
					conn.Close()
					return nil, err
				}
				// refused credentials: sendmail goes on without
				s.verbose("AUTH failed: %s\n", er.r.Line())
			}
		}
	}
	return s, nil
}

// hello sends EHLO (or HELO) and records the extensions.
func (s *session) hello(esmtp bool, to Timeouts) error {
	name := s.c.helo()
	s.ext = map[string]string{}
	if esmtp {
		r, err := s.cmd("EHLO "+name, to.Helo)
		if err != nil {
			s.conn.Close()
			return err
		}
		if r.Code == 250 {
			for _, l := range r.Lines[1:] {
				k, v, _ := strings.Cut(l, " ")
				s.ext[strings.ToUpper(k)] = v
			}
			return nil
		}
		if r.Code == 421 {
			s.conn.Close()
			return &errReply{r, phGreet}
		}
	}
	r, err := s.cmd("HELO "+name, to.Helo)
	if err != nil {
		s.conn.Close()
		return err
	}
	if r.Code != 250 {
		s.quit()
		return &errReply{r, phGreet}
	}
	return nil
}

// auth authenticates with the first mechanism the peer offers that the
// credentials allow (PLAIN, then LOGIN).
func (s *session) auth(ai *AuthInfo, to time.Duration) error {
	offered := strings.Fields(strings.ToUpper(s.ext["AUTH"]))
	var cl sasl.Client
	for _, mech := range []string{"PLAIN", "LOGIN"} {
		if !slices.Contains(offered, mech) || len(ai.Mechs) > 0 && !slices.Contains(ai.Mechs, mech) {
			continue
		}
		// authinfo's U: is the authorization id, I: the authentication
		// id, each standing for the other when missing; sendmail sends
		// both in PLAIN
		authcid, authz := ai.AuthID, ai.User
		if authcid == "" {
			authcid = authz
		}
		if authz == "" {
			authz = authcid
		}
		if mech == "PLAIN" {
			cl = sasl.NewPlainClient(authz, authcid, ai.Password)
		} else {
			cl = sasl.NewLoginClient(authcid, ai.Password)
		}
		break
	}
	if cl == nil {
		return nil
	}
	mech, ir, err := cl.Start()
	if err != nil {
		return err
	}
	line := "AUTH " + mech
	if ir != nil {
		line += " " + base64.StdEncoding.EncodeToString(ir)
	}
	r, err := s.cmd(line, to)
	for err == nil && r.Code == 334 {
		var ch []byte
		ch, err = base64.StdEncoding.DecodeString(r.Text())
		if err != nil {
			break
		}
		var resp []byte
		if resp, err = cl.Next(ch); err != nil {
			s.cmd("*", to)
			return err
		}
		r, err = s.cmd(base64.StdEncoding.EncodeToString(resp), to)
	}
	if err != nil {
		return err
	}
	if r.Code != 235 {
		return &errReply{r, phGreet}
	}
	return nil
}

// quit ends the session politely.
func (s *session) quit() {
	to := s.c.Timeouts.withDefaults()
	s.verbose("Closing connection to %s\n", s.host)
	s.cmd("QUIT", to.Quit)
	s.conn.Close()
}

// reset readies a cached session for another transaction.
func (s *session) reset() bool {
	r, err := s.cmd("RSET", s.c.Timeouts.withDefaults().Rset)
	return err == nil && r.Code == 250
}

// loopError: the peer greets with our own name.
type loopError struct{ host string }

func (e *loopError) Error() string {
	return e.host + " config error: mail loops back to me (MX problem?)"
}

// tlsError: the STARTTLS handshake failed.
type tlsError struct{ err error }

func (e *tlsError) Error() string { return "TLS handshake failed: " + e.err.Error() }
func (e *tlsError) Unwrap() error { return e.err }
