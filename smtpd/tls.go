package smtpd

import (
	"bufio"
	"crypto/tls"
	"strings"
	"time"
)

// tlsConfig is the server's certificate (ServerCertFile, ServerKeyFile),
// loaded once for each pair of names; nil when none is configured or it
// cannot be loaded.
func (srv *Server) tlsConfig(o *options) *tls.Config {
	if o.certFile == "" || o.keyFile == "" {
		return nil
	}
	srv.tlsMu.Lock()
	defer srv.tlsMu.Unlock()
	key := o.certFile + "\x00" + o.keyFile
	if srv.tlsKey == key {
		return srv.tlsConf
	}
	srv.tlsKey = key
	srv.tlsConf = nil
	cert, err := tls.LoadX509KeyPair(o.certFile, o.keyFile)
	if err != nil {
		srv.logf("STARTTLS: cannot load %s, %s: %v", o.certFile, o.keyFile, err)
		return nil
	}
	srv.tlsConf = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS10}
	return srv.tlsConf
}

func (s *session) cmdStarttls(arg string) error {
	conf := s.srv.tlsConfig(s.o)
	if conf == nil || s.conn == nil || s.tls {
		return s.reply(454, "4.3.3", "TLS not available after start")
	}
	if arg != "" {
		return s.reply(501, "5.5.2", "Syntax error (no parameters allowed)")
	}
	if s.mailDone {
		return s.reply(503, "5.5.0", "TLS not permitted during a mail transaction")
	}
	if err := s.reply(220, "2.0.0", "Ready to start TLS"); err != nil {
		return err
	}
	s.flushAll()
	// what the client sent after STARTTLS is not trusted: dropped
	s.r.Discard(s.r.Buffered())
	tc := tls.Server(s.conn, conf)
	tc.SetDeadline(time.Now().Add(s.o.tMisc + time.Minute))
	if err := tc.Handshake(); err != nil {
		s.srv.logf("%s: STARTTLS: %v", s.peer, err)
		return errClose
	}
	tc.SetDeadline(time.Time{})
	s.startTLS(tc)
	// the transaction starts again; $s and $r stay until the next EHLO
	s.reset()
	return nil
}

func tlsVersion(v uint16) string {
	switch v {
	case tls.VersionTLS10:
		return "TLSv1"
	case tls.VersionTLS11:
		return "TLSv1.1"
	case tls.VersionTLS12:
		return "TLSv1.2"
	case tls.VersionTLS13:
		return "TLSv1.3"
	}
	return "unknown"
}

// startTLS makes the session talk over tc.
func (s *session) startTLS(tc *tls.Conn) {
	s.conn = tc
	s.rd, s.wd = deadline{}, deadline{} // the handshake cleared them
	s.r = bufio.NewReaderSize(tc, 4096)
	s.w = bufio.NewWriter(tc)
	s.tls = true
	st := tc.ConnectionState()
	s.setMacro("tls_version", tlsVersion(st.Version))
	name := tls.CipherSuiteName(st.CipherSuite)
	s.setMacro("cipher", name)
	bits := "128"
	if strings.Contains(name, "_256_") || strings.Contains(name, "CHACHA20") {
		bits = "256"
	}
	s.setMacro("cipher_bits", bits)
	s.setMacro("verify", "NO")
}
