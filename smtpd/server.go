package smtpd

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gosendmail/gosendmail/mta"
)

// Server answers SMTP for an MTA, or for several copies of one (SetMTAs:
// each has its own engine and lock, and sessions are dealt out among
// them in turn, so that sessions on different cores do not wait for
// one lock). The MTAs may be replaced while the server runs (on
// SIGHUP): sessions in progress keep the one they started with.
type Server struct {
	mtas atomic.Pointer[[]*mta.MTA]
	turn atomic.Uint32

	// Logf reports what sendmail would syslog (nil: nothing).
	Logf func(format string, a ...any)
	// Sleep pauses a session (BadRcptThrottle); nil does not pause.
	Sleep func(time.Duration)
	// RunQueue starts a queue run for ETRN's argument (nil: none).
	RunQueue func(host string)
	// LookupAddr finds a client's host name (nil: the .cf's hosts file
	// and service switch, then DNS).
	LookupAddr func(ip string) (name string, resolve string)

	mu       sync.Mutex
	sessions map[*session]struct{}
	wg       sync.WaitGroup
	stop     atomic.Bool
	ls       []net.Listener
	rate     []time.Time // recent connections (ConnectionRateThrottle)

	tlsMu   sync.Mutex
	tlsKey  string
	tlsConf *tls.Config
}

// New makes a server for m.
func New(m *mta.MTA) *Server {
	s := &Server{Sleep: time.Sleep, sessions: map[*session]struct{}{}}
	s.SetMTA(m)
	return s
}

// SetMTA replaces the MTA new sessions use.
func (srv *Server) SetMTA(m *mta.MTA) { srv.SetMTAs([]*mta.MTA{m}) }

// SetMTAs replaces the MTAs new sessions use: copies of one, made from
// the same configuration and sharing one queue (ms[0]'s).
func (srv *Server) SetMTAs(ms []*mta.MTA) { srv.mtas.Store(&ms) }

// MTA returns the first of the MTAs new sessions use.
func (srv *Server) MTA() *mta.MTA { return (*srv.mtas.Load())[0] }

// MTAs returns the MTAs new sessions use.
func (srv *Server) MTAs() []*mta.MTA { return *srv.mtas.Load() }

// nextMTA deals the MTAs out to new sessions in turn.
func (srv *Server) nextMTA() *mta.MTA {
	ms := *srv.mtas.Load()
	return ms[int(srv.turn.Add(1)-1)%len(ms)]
}

func (srv *Server) logf(format string, a ...any) {
	if srv.Logf != nil {
		srv.Logf(format, a...)
	}
}

func (srv *Server) stopping() bool { return srv.stop.Load() }

// Daemon describes a listener as DaemonPortOptions does.
type Daemon struct {
	Name string // {daemon_name}: MTA, MSA ...
	// Modifiers are DaemonPortOptions' M= letters ({daemon_flags}):
	// E no ETRN, a AUTH required before MAIL, s TLS from the start
	// (SMTPS).
	Modifiers string
}

// Serve accepts connections on l until Shutdown.
func (srv *Server) Serve(l net.Listener, d Daemon) error {
	srv.mu.Lock()
	srv.ls = append(srv.ls, l)
	srv.mu.Unlock()
	for {
		c, err := l.Accept()
		if err != nil {
			if srv.stopping() {
				return nil
			}
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			return err
		}
		msg, wait := srv.admit()
		if wait > 0 {
			// ConnectionRateThrottle: later connections wait their turn
			time.Sleep(wait)
		}
		if msg != "" {
			c.SetWriteDeadline(time.Now().Add(5 * time.Second))
			io.WriteString(c, msg+"\r\n")
			c.Close()
			continue
		}
		srv.wg.Add(1)
		go func() {
			defer srv.wg.Done()
			srv.ServeConn(c, d)
		}()
	}
}

// admit applies MaxDaemonChildren and ConnectionRateThrottle: it
// returns the reply that turns a connection away ("" for none) and how
// long to wait before serving it.
func (srv *Server) admit() (string, time.Duration) {
	m := srv.MTA()
	opt := func(n string) int { v, _ := m.Cf.Option(n); i, _ := strconv.Atoi(v); return i }
	m.Lock()
	host := m.Cf.ExpandText("$j")
	maxChildren, rate := opt("MaxDaemonChildren"), opt("ConnectionRateThrottle")
	m.Unlock()
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if n := maxChildren; n > 0 && len(srv.sessions) >= n {
		return "421 4.3.2 " + host + " Too many open connections", 0
	}
	if n := rate; n > 0 {
		now := time.Now()
		keep := srv.rate[:0]
		for _, t := range srv.rate {
			if now.Sub(t) < time.Second {
				keep = append(keep, t)
			}
		}
		srv.rate = append(keep, now)
		if len(srv.rate) > n {
			return "", srv.rate[0].Add(time.Second).Sub(now)
		}
	}
	return "", 0
}

// ServeConn runs one SMTP session on c and closes it.
func (srv *Server) ServeConn(c net.Conn, d Daemon) {
	defer lingeringClose(c)
	s := srv.newSession(c, c)
	s.conn = c
	srv.mu.Lock()
	s.raw = c
	srv.mu.Unlock()
	ra, _ := c.RemoteAddr().(*net.TCPAddr)
	la, _ := c.LocalAddr().(*net.TCPAddr)
	s.setMacro("daemon_name", d.Name)
	s.setMacro("daemon_flags", d.Modifiers)
	s.mods = d.Modifiers
	if strings.Contains(d.Modifiers, "s") {
		conf := srv.tlsConfig(s.o)
		if conf == nil {
			srv.logf("daemon %s: M=s without a certificate", d.Name)
			srv.sessionDone(s)
			return
		}
		tc := tls.Server(c, conf)
		tc.SetDeadline(time.Now().Add(s.o.tMisc + time.Minute))
		if err := tc.Handshake(); err != nil {
			srv.sessionDone(s)
			return
		}
		tc.SetDeadline(time.Time{})
		s.startTLS(tc)
		c = tc
	}
	s.setMacro("client_addr", "")
	s.setMacro("client_port", "0")
	if la != nil {
		s.setMacro("daemon_addr", la.IP.String())
		s.setMacro("daemon_port", strconv.Itoa(la.Port))
		s.setMacro("daemon_family", family(la.IP))
		if !la.IP.IsLoopback() {
			// as sendmail: {if_addr} only for a non-loopback interface
			s.setMacro("if_addr", addrText(la.IP))
			s.setMacro("if_family", family(la.IP))
		}
	}
	if ra != nil {
		addr := addrText(ra.IP)
		name, resolve := srv.lookup(s, ra.IP.String())
		s.setMacro("client_addr", addr)
		s.setMacro("client_port", strconv.Itoa(ra.Port))
		s.setMacro("client_resolve", resolve)
		if name == "" {
			s.peer = "[" + addr + "]"
			s.setMacro("client_name", s.peer)
			s.setMacro("client_ptr", s.peer)
		} else {
			s.peer = name + " [" + addr + "]"
			s.setMacro("client_name", name)
			s.setMacro("client_ptr", name)
		}
	}
	s.setMacro("_", s.peer)
	s.run()
}

// ServeStdio runs one session on standard input and output (-bs) for
// the invoking user.
func (srv *Server) ServeStdio(r io.Reader, w io.Writer, user string) {
	s := srv.newSession(r, w)
	s.peer = user + "@localhost"
	s.setMacro("_", s.peer)
	s.setMacro("client_addr", "0")
	s.setMacro("client_port", "0")
	s.setMacro("daemon_flags", "c u")
	s.run()
}

func (srv *Server) newSession(r io.Reader, w io.Writer) *session {
	s := &session{srv: srv, r: bufio.NewReaderSize(r, 4096), w: bufio.NewWriter(w),
		macros: map[string]string{}}
	// the MTA is taken and the session registered at once, so that
	// InUse never misses a session about to use a replaced MTA
	srv.mu.Lock()
	m := srv.nextMTA()
	s.m = m
	srv.sessions[s] = struct{}{}
	srv.mu.Unlock()
	// every macro a session sets starts empty, so that none of another
	// session's shows through the shared engine
	for _, k := range sessionMacros {
		s.macros[k] = ""
	}
	m.Lock()
	s.o = readOptions(m.Cf)
	m.Unlock()
	return s
}

// sessionMacros are the macros sessions set.
var sessionMacros = []string{"_", "r", "s", "f", "b", "client_addr", "client_name", "client_port", "client_resolve",
	"client_ptr", "daemon_name", "daemon_addr", "daemon_port", "daemon_family", "daemon_flags", "if_addr", "if_family",
	"mail_addr", "mail_host", "mail_mailer", "rcpt_addr", "rcpt_host", "rcpt_mailer", "msg_size", "nrcpts",
	"auth_type", "auth_authen", "auth_author", "auth_ssf", "tls_version", "cipher", "cipher_bits", "verify",
	"hdr_name", "currHeader", "hdrlen"}

func (srv *Server) sessionDone(s *session) {
	srv.mu.Lock()
	delete(srv.sessions, s)
	srv.mu.Unlock()
}

// InUse tells whether a session in progress uses m (so that an MTA
// replaced by SetMTA is closed only when its last session ends).
func (srv *Server) InUse(m *mta.MTA) bool {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	for s := range srv.sessions {
		if s.m == m {
			return true
		}
	}
	return false
}

// Sessions is the number of sessions in progress.
func (srv *Server) Sessions() int {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return len(srv.sessions)
}

// Shutdown stops accepting connections and waits until the sessions in
// progress end, or until ctx is done, when it closes their connections.
func (srv *Server) Shutdown(ctx context.Context) error {
	srv.stop.Store(true)
	srv.mu.Lock()
	for _, l := range srv.ls {
		l.Close()
	}
	srv.mu.Unlock()
	done := make(chan struct{})
	go func() { srv.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		// time is up: the sessions still open are cut
		srv.mu.Lock()
		for s := range srv.sessions {
			if s.raw != nil {
				s.raw.Close()
			}
		}
		srv.mu.Unlock()
		<-done
		return ctx.Err()
	}
}

func family(ip net.IP) string {
	if ip.To4() != nil {
		return "inet"
	}
	return "inet6"
}

// addrText is an address as sendmail writes it ("IPv6:" before v6).
func addrText(ip net.IP) string {
	if v4 := ip.To4(); v4 != nil {
		return v4.String()
	}
	return "IPv6:" + ip.String()
}

// lookup finds the client's name and ${client_resolve}: OK, FAIL,
// FORGED or TEMP.
func (srv *Server) lookup(s *session, ip string) (string, string) {
	if srv.LookupAddr != nil {
		return srv.LookupAddr(ip)
	}
	s.m.Lock()
	hostsFile, _ := s.m.Cf.Option("HostsFile")
	switchFile, _ := s.m.Cf.Option("ServiceSwitchFile")
	s.m.Unlock()
	if hostsFile == "" {
		hostsFile = "/etc/hosts"
	}
	if switchFile == "" {
		switchFile = "/etc/mail/service.switch"
	}
	services := hostServices(switchFile)
	for _, svc := range services {
		switch svc {
		case "files":
			if n := hostsFileName(hostsFile, ip); n != "" {
				return n, "OK"
			}
		case "dns":
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			names, err := net.DefaultResolver.LookupAddr(ctx, ip)
			cancel()
			if err != nil || len(names) == 0 {
				if de, ok := err.(*net.DNSError); ok && de.IsTemporary {
					return "", "TEMP"
				}
				continue
			}
			name := strings.TrimSuffix(names[0], ".")
			ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
			addrs, _ := net.DefaultResolver.LookupHost(ctx, name)
			cancel()
			for _, a := range addrs {
				if a == ip {
					return name, "OK"
				}
			}
			return "", "FORGED"
		}
	}
	return "", "FAIL"
}

// hostServices reads the hosts line of a service switch file (files
// then dns when there is none).
func hostServices(path string) []string {
	b, err := os.ReadFile(path)
	if err != nil {
		return []string{"files", "dns"}
	}
	for _, l := range strings.Split(string(b), "\n") {
		if i := strings.IndexByte(l, '#'); i >= 0 {
			l = l[:i]
		}
		f := strings.Fields(l)
		if len(f) > 0 && strings.TrimSuffix(f[0], ":") == "hosts" {
			return f[1:]
		}
	}
	return []string{"files", "dns"}
}

// hostsFileName finds ip's first name in a hosts file.
func hostsFileName(path, ip string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	for _, l := range strings.Split(string(b), "\n") {
		if i := strings.IndexByte(l, '#'); i >= 0 {
			l = l[:i]
		}
		f := strings.Fields(l)
		if len(f) >= 2 && f[0] == ip {
			return f[1]
		}
	}
	return ""
}

// String describes the server for logs.
func (srv *Server) String() string { return fmt.Sprintf("smtpd(%d sessions)", srv.Sessions()) }

// lingeringClose closes a connection after reading for a moment what
// the client still sends, so that unread input does not make the kernel
// reset the connection and destroy the last reply (a 421) on its way.
func lingeringClose(c net.Conn) {
	if tc, ok := c.(interface{ CloseWrite() error }); ok {
		tc.CloseWrite()
		c.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
		io.Copy(io.Discard, io.LimitReader(c, 1<<20))
	}
	c.Close()
}
