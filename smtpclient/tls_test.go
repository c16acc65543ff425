package smtpclient

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// selfSigned is a certificate for peer.test made now.
func selfSigned(t *testing.T) tls.Certificate {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "peer.test"},
		DNSNames: []string{"peer.test"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// sink is a go-smtp server that keeps what it was given.
type sink struct {
	mu        sync.Mutex
	user, pw  string
	tlsUsed   []bool
	from      []string
	data      [][]byte
	authUsers []string
}

type sinkSession struct {
	s     *sink
	c     *smtp.Conn
	authd string
}

func (s *sink) NewSession(c *smtp.Conn) (smtp.Session, error) { return &sinkSession{s: s, c: c}, nil }

func (ss *sinkSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (ss *sinkSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pw string) error {
		if user != ss.s.user || pw != ss.s.pw {
			return errors.New("bad credentials")
		}
		ss.authd = user
		return nil
	}), nil
}
func (ss *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	_, isTLS := ss.c.TLSConnectionState()
	ss.s.tlsUsed = append(ss.s.tlsUsed, isTLS)
	ss.s.from = append(ss.s.from, from)
	ss.s.authUsers = append(ss.s.authUsers, ss.authd)
	return nil
}
func (ss *sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (ss *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	ss.s.mu.Lock()
	ss.s.data = append(ss.s.data, b)
	ss.s.mu.Unlock()
	return err
}
func (ss *sinkSession) Reset()        {}
func (ss *sinkSession) Logout() error { return nil }

func startSink(t *testing.T, s *sink, cfg *tls.Config) string {
	srv := smtp.NewServer(s)
	srv.Domain = "peer.test"
	srv.TLSConfig = cfg
	srv.AllowInsecureAuth = false
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

func TestStartTLSAndAuthPlain(t *testing.T) {
	s := &sink{user: "relayuser", pw: "s3cret"}
	addr := startSink(t, s, &tls.Config{Certificates: []tls.Certificate{selfSigned(t)}})
	c, _ := newClient(t, zone{}, map[string]string{"127.0.0.1": addr})
	c.TLS = &tls.Config{InsecureSkipVerify: true}
	var asked string
	c.Auth = func(host string, ip netip.Addr) (*AuthInfo, bool) {
		asked = ip.String()
		return &AuthInfo{User: "relayuser", Password: "s3cret", Mechs: []string{"PLAIN"}}, true
	}
	st := deliverOne(t, c, "[127.0.0.1]", msg("a@r.test"))
	if !st.OK() {
		t.Fatalf("got %+v", st)
	}
	if len(s.tlsUsed) != 1 || !s.tlsUsed[0] || s.authUsers[0] != "relayuser" || asked != "127.0.0.1" {
		t.Errorf("tls %v, auth %q", s.tlsUsed, s.authUsers)
	}
	// wrong password: the message goes unauthenticated
	c.Auth = func(string, netip.Addr) (*AuthInfo, bool) {
		return &AuthInfo{User: "relayuser", Password: "wrong"}, true
	}
	if st := deliverOne(t, c, "[127.0.0.1]", msg("a@r.test")); !st.OK() || s.authUsers[1] != "" {
		t.Errorf("got %+v, auth %q", st, s.authUsers)
	}
}

func TestTLSHandshakeFailureFallsBackToClear(t *testing.T) {
	p := newPeer(t)
	p.exts = []string{"PIPELINING", "8BITMIME", "STARTTLS"}
	p.startTLS = func(c net.Conn) { c.Write([]byte("this is not TLS\r\n")) }
	c, _ := newClient(t, zone{}, map[string]string{"127.0.0.1": p.addr()})
	c.TLS = &tls.Config{InsecureSkipVerify: true}
	if st := deliverOne(t, c, "[127.0.0.1]", msg("a@r.test")); !st.OK() {
		t.Fatalf("got %+v", st)
	}
	if p.conns != 2 || len(p.messages()) != 1 {
		t.Errorf("%d connections, %d messages", p.conns, len(p.messages()))
	}
	c.TLSNoFallback = true
	st := c.Deliver(context.Background(), esmtp(), "[127.0.0.1]", msg("a@r.test"))[0]
	if st.Text != "Deferred: 403 4.7.0 TLS handshake failed." {
		t.Errorf("got %+v", st)
	}
}
