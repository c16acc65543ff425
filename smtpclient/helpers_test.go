package smtpclient

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gosendmail/gosendmail/ruleset"
	"github.com/miekg/dns"
)

// zone is what the test DNS server answers: MX records ("10 mx1.a.test")
// and addresses per name; other names are NXDOMAIN.
type zone struct {
	mx   map[string][]string
	addr map[string][]string
	fail map[string]bool // SERVFAIL
}

// startDNS serves z on a UDP port of 127.0.0.1 (miekg/dns).
func startDNS(t *testing.T, z zone) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := dns.HandlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		q := r.Question[0]
		name := strings.ToLower(strings.TrimSuffix(q.Name, "."))
		_, hasMX := z.mx[name]
		_, hasA := z.addr[name]
		switch {
		case z.fail[name]:
			m.Rcode = dns.RcodeServerFailure
		case !hasMX && !hasA:
			m.Rcode = dns.RcodeNameError
		case q.Qtype == dns.TypeMX:
			for _, v := range z.mx[name] {
				rr, err := dns.NewRR(q.Name + " 60 IN MX " + v)
				if err != nil {
					panic(err)
				}
				m.Answer = append(m.Answer, rr)
			}
		case q.Qtype == dns.TypeA || q.Qtype == dns.TypeAAAA:
			for _, v := range z.addr[name] {
				ip := netip.MustParseAddr(v)
				if ip.Is4() != (q.Qtype == dns.TypeA) {
					continue
				}
				typ := "A"
				if !ip.Is4() {
					typ = "AAAA"
				}
				rr, _ := dns.NewRR(q.Name + " 60 IN " + typ + " " + v)
				m.Answer = append(m.Answer, rr)
			}
		}
		w.WriteMsg(m)
	})
	srv := &dns.Server{PacketConn: pc, Handler: h}
	go srv.ActivateAndServe()
	t.Cleanup(func() { srv.Shutdown() })
	return pc.LocalAddr().String()
}

// peer is a scripted SMTP server for the tests: its extensions and its
// replies are set per test; it records what the client sent.
type peer struct {
	t        *testing.T
	ln       net.Listener
	greet    string
	exts     []string // EHLO keywords; nil: "PIPELINING", "8BITMIME", "DSN"
	noEHLO   bool
	mail     string            // reply to MAIL ("" 250 2.1.0 Ok)
	rcpt     map[string]string // reply per address ("" 250 2.1.5 Ok)
	data     string            // final reply ("" 250 2.0.0 Ok: queued as Q1)
	startTLS func(net.Conn)    // after "220 go ahead" to STARTTLS

	mu    sync.Mutex
	cmds  []string
	msgs  []string // each message as received, dot-unstuffed, CRLF kept
	conns int
}

func newPeer(t *testing.T) *peer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &peer{t: t, ln: ln, greet: "220 peer.test ESMTP ready"}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			p.conns++
			p.mu.Unlock()
			go p.serve(c)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return p
}

func (p *peer) addr() string { return p.ln.Addr().String() }

func (p *peer) commands() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.cmds...)
}

func (p *peer) messages() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.msgs...)
}

func (p *peer) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(20 * time.Second))
	r := bufio.NewReader(c)
	w := func(s string) { fmt.Fprintf(c, "%s\r\n", strings.ReplaceAll(s, "\n", "\r\n")) }
	w(p.greet)
	if !strings.HasPrefix(p.greet, "220") {
		return
	}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		p.mu.Lock()
		p.cmds = append(p.cmds, line)
		p.mu.Unlock()
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch verb {
		case "EHLO":
			if p.noEHLO {
				w("500 5.5.1 Command unrecognized")
				continue
			}
			exts := p.exts
			if exts == nil {
				exts = []string{"PIPELINING", "8BITMIME", "DSN"}
			}
			ls := append([]string{"peer.test hello"}, exts...)
			for i, l := range ls {
				sep := "-"
				if i == len(ls)-1 {
					sep = " "
				}
				w("250" + sep + l)
			}
		case "HELO":
			w("250 peer.test")
		case "STARTTLS":
			w("220 2.0.0 go ahead")
			if p.startTLS != nil {
				p.startTLS(c)
				return
			}
		case "MAIL":
			w(or(p.mail, "250 2.1.0 Ok"))
		case "RCPT":
			a := line[strings.Index(line, "<")+1 : strings.Index(line, ">")]
			w(or(p.rcpt[a], "250 2.1.5 Ok"))
		case "DATA":
			w("354 go ahead")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, "."))
			}
			p.mu.Lock()
			p.msgs = append(p.msgs, b.String())
			p.mu.Unlock()
			w(or(p.data, "250 2.0.0 Ok: queued as Q1"))
		case "QUIT":
			w("221 2.0.0 bye")
			return
		case "RSET", "NOOP":
			w("250 2.0.0 Ok")
		default:
			w("502 5.5.2 what?")
		}
	}
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// network maps the test's addresses to listeners: a dial of an address
// in routes goes to that listener, any other address to a closed port
// of 127.0.0.1 (connection refused). It records the addresses dialled.
type network struct {
	mu     sync.Mutex
	routes map[string]string // IP -> host:port
	dialed []string
}

func (n *network) dial(ctx context.Context, nw, addr string) (net.Conn, error) {
	host, _, _ := net.SplitHostPort(addr)
	n.mu.Lock()
	n.dialed = append(n.dialed, host)
	to, ok := n.routes[host]
	n.mu.Unlock()
	if !ok {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}
	var d net.Dialer
	return d.DialContext(ctx, nw, to)
}

func (n *network) got() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.dialed...)
}

// esmtp is the mailer sendmail's cf defines for esmtp.
func esmtp() *ruleset.Mailer {
	m := &ruleset.Mailer{Name: "esmtp", Path: "[IPC]", Argv: []string{"TCP", "$h"}, EOL: "\r\n", LineLimit: 990}
	for _, f := range "mDFMuXa" {
		m.Flags[f] = true
	}
	return m
}

func msg(rcpts ...string) *Message {
	m := &Message{Sender: "a@mx.example.com", ID: "6B1HQI69004745",
		Data: []byte("From: a@mx.example.com\nSubject: t\n\nhello\n")}
	for _, r := range rcpts {
		m.Rcpts = append(m.Rcpts, Rcpt{Addr: r})
	}
	return m
}
