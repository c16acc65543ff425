package smtpclient

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gosendmail/gosendmail/deliver"
	"github.com/gosendmail/gosendmail/ruleset"
)

// Rcpt is one envelope recipient as the mailer's R= rewriting left it.
type Rcpt struct {
	Addr   string // without angle brackets
	Notify string // DSN NOTIFY: letters N, S, F, D as the queue keeps them, or words; "" none
	ORcpt  string // DSN ORCPT: "rfc822;a@b" (xtext), or a bare address; "" none
}

// Message is one message for the recipients of one host.
type Message struct {
	Sender string // envelope sender after the mailer's S= rewriting; "" for <>
	Rcpts  []Rcpt
	// Data is the header, an empty line and the body with "\n" line
	// ends, as prepared for this mailer (its H lines, F= flags, Bcc:).
	Data []byte
	// EightBit says the body has 8-bit bytes (Data is scanned anyway).
	EightBit bool
	// BodyType is the BODY= value received ("7BIT", "8BITMIME"; ""
	// none); sendmail passes it on to a peer with 8BITMIME.
	BodyType string
	Size     int64  // SIZE= value; 0: len(Data)
	EnvID    string // DSN ENVID (xtext), "" none
	Ret      string // DSN RET: FULL or HDRS, "" none
	ID       string // queue ID, named in X-MIME-Autoconverted:
}

// AuthInfo is what the authinfo map gives for a host: "U:user"
// "I:authid" "P:password" "R:realm" "M:PLAIN LOGIN".
type AuthInfo struct {
	User, AuthID, Password, Realm string
	Mechs                         []string // permitted mechanisms; nil any we know
}

// Timeouts are sendmail's Timeout.* options for the client side; a zero
// value takes sendmail's default.
type Timeouts struct {
	Connect   time.Duration // connect (0: the system's)
	Initial   time.Duration // initial, the greeting: 5m
	Helo      time.Duration // helo: 5m
	Mail      time.Duration // mail: 10m
	Rcpt      time.Duration // rcpt: 1h
	DataInit  time.Duration // datainit: 5m
	DataBlock time.Duration // datablock: 1h
	DataFinal time.Duration // datafinal: 1h
	Rset      time.Duration // rset: 5m
	Quit      time.Duration // quit: 2m
	Misc      time.Duration // misc (AUTH...): 2m
	StartTLS  time.Duration // starttls: 1h
}

func (t Timeouts) withDefaults() Timeouts {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&t.Initial, 5*time.Minute)
	def(&t.Helo, 5*time.Minute)
	def(&t.Mail, 10*time.Minute)
	def(&t.Rcpt, time.Hour)
	def(&t.DataInit, 5*time.Minute)
	def(&t.DataBlock, time.Hour)
	def(&t.DataFinal, time.Hour)
	def(&t.Rset, 5*time.Minute)
	def(&t.Quit, 2*time.Minute)
	def(&t.Misc, 2*time.Minute)
	def(&t.StartTLS, time.Hour)
	return t
}

// Client delivers over SMTP. Its fields are set before the first Deliver;
// Deliver may then be called from several goroutines.
type Client struct {
	// Resolver finds MX records and addresses; nil is a DNSResolver over
	// /etc/resolv.conf.
	Resolver Resolver
	// HeloName is the name we give in EHLO/HELO ($j).
	HeloName string
	// Port is the port when the mailer's A= names none (0: 25).
	Port     int
	Timeouts Timeouts
	// TLS, when not nil, is used for STARTTLS whenever the peer offers
	// it. Opportunistic TLS wants InsecureSkipVerify (sendmail goes on
	// with a certificate it cannot verify).
	TLS *tls.Config
	// TLSNoFallback defers the message (403 4.7.0 TLS handshake failed)
	// when a handshake fails, as sendmail does unless its option
	// TLSFallbacktoClear is set; by default we connect again in clear.
	TLSNoFallback bool
	// Auth gives the credentials for a host (its name without the root
	// dot, or "" for an address literal) from the authinfo map.
	Auth func(host string, addr netip.Addr) (*AuthInfo, bool)
	// HostStatusDir is HostStatusDirectory ("" keeps no host status).
	HostStatusDir string
	// HostStatusTimeout is Timeout.hoststatus: how long a host found
	// down is not tried again (0: 30m; negative: always try).
	HostStatusTimeout time.Duration
	// ConnCacheSize and ConnCacheTimeout are ConnectionCacheSize and
	// ConnectionCacheTimeout: connections kept open after a delivery for
	// the next one to the same host (0: each is closed with QUIT).
	ConnCacheSize    int
	ConnCacheTimeout time.Duration
	// FallbackMX is FallbackMXhost: tried after every other host.
	FallbackMX string
	// IsLocal says whether a host name is ours ($=w): MX records no
	// better than ours are not used.
	IsLocal func(host string) bool
	// EightBitMode is the EightBitMode option's letter ('s' refuses
	// 8-bit data for a 7-bit peer; 0, 'm' and 'p' convert or pass it).
	EightBitMode byte
	// Verbose, when not nil, gets sendmail's -v transcript.
	Verbose io.Writer
	// Dial replaces net.Dialer.DialContext (tests).
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Shuffle orders MX hosts of equal preference (nil: math/rand/v2).
	Shuffle func(n int, swap func(i, j int))
	// Now is the clock of the host status files (nil: time.Now).
	Now func() time.Time

	mu    sync.Mutex
	cache []*session
	// written remembers the host status last written for each file and
	// when, so that a run of successful deliveries does not rewrite it
	// after every message
	written map[string]writtenStatus
}

func (c *Client) resolver() Resolver {
	if c.Resolver == nil {
		return &DNSResolver{}
	}
	return c.Resolver
}

func (c *Client) helo() string {
	if c.HeloName == "" {
		return "localhost"
	}
	return c.HeloName
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// MailerPort is the port of an IPC mailer: A=TCP $h PORT, else def.
func MailerPort(m *ruleset.Mailer, def int) (int, error) {
	if def == 0 {
		def = 25
	}
	if m == nil || len(m.Argv) < 3 {
		return def, nil
	}
	p := strings.TrimSpace(m.Argv[2])
	if n, err := strconv.Atoi(p); err == nil && n > 0 && n < 65536 {
		return n, nil
	}
	n, err := net.LookupPort("tcp", p)
	if err != nil {
		return 0, fmt.Errorf("unknown port %q", p)
	}
	return n, nil
}

// Deliver sends m to host, the $h of the mailer triple ("example.com",
// "[192.0.2.1]", "[relay.example.com]", "mx1:mx2"), with the mailer's
// flags, and returns one outcome per recipient of m.Rcpts, in order.
func (c *Client) Deliver(ctx context.Context, mr *ruleset.Mailer, host string, m *Message) []*deliver.Status {
	out := make([]*deliver.Status, len(m.Rcpts))
	fill := func(st *deliver.Status) []*deliver.Status {
		for i := range out {
			if out[i] == nil {
				out[i] = withCopy(st)
			}
		}
		return out
	}
	if len(m.Rcpts) == 0 {
		return out
	}
	port, err := MailerPort(mr, c.Port)
	if err != nil {
		return fill(configError(err.Error()))
	}
	ts, st := c.targets(ctx, host)
	if st != nil {
		return fill(st)
	}
	var last *deliver.Status
	for _, t := range ts {
		if st := c.hostDown(t); st != nil {
			last = st
			continue
		}
		ips, st := c.addrs(ctx, t)
		if st != nil {
			last = st
			continue
		}
		for _, ip := range ips {
			if ctx.Err() != nil {
				return fill(netStatus(ctx.Err(), t.name))
			}
			s, st := c.open(ctx, mr, t, ip, port, m.Rcpts)
			if st != nil {
				last = st
				if st.Exit == deliver.ExConfig {
					return fill(st)
				}
				continue
			}
			if c.run(mr, s, m, out) {
				return out
			}
			last = netStatus(errors.New("connection lost"), t.name)
		}
	}
	if last == nil {
		last = hostUnknown(host)
	}
	return fill(last)
}

// open gives a session to t at ip: a cached one, or a new one. A
// failure is recorded in the host status file and returned.
func (c *Client) open(ctx context.Context, mr *ruleset.Mailer, t target, ip netip.Addr, port int, rs []Rcpt) (*session, *deliver.Status) {
	key := fmt.Sprintf("%s|%s|%d|%s", strings.ToLower(t.name), ip, port, mr.Name)
	if s := c.fromCache(key); s != nil {
		return s, nil
	}
	if c.Verbose != nil {
		var as []string
		for _, r := range rs {
			as = append(as, r.Addr)
		}
		fmt.Fprintf(c.Verbose, "%s... Connecting to %s port %d via %s...\n", strings.Join(as, ","), t.name, port, mr.Name)
	}
	s, err := c.dial(ctx, mr, t, ip, port, false)
	var te *tlsError
	if errors.As(err, &te) && !c.TLSNoFallback {
		s, err = c.dial(ctx, mr, t, ip, port, true)
	}
	if err != nil {
		st := c.dialStatus(err, t)
		c.writeHostStatus(t.name, hostStatus{Errno: int(errnoOf(err)), Exit: st.Exit, DSN: st.DSN, Reply: replyOf(err)})
		return nil, st
	}
	s.key = key
	return s, nil
}

func replyOf(err error) string {
	var er *errReply
	if errors.As(err, &er) {
		return er.r.Line()
	}
	return ""
}

// dialStatus is the outcome of a host we could not talk to.
func (c *Client) dialStatus(err error, t target) *deliver.Status {
	var er *errReply
	var le *loopError
	var te *tlsError
	switch {
	case errors.As(err, &er):
		st := replyStatus(er.ph, er.r, "", "... while talking to "+t.name+":\n", false, false)
		var b strings.Builder
		er.r.transcript(&b)
		st.Output += b.String()
		return st
	case errors.As(err, &le):
		st := configError(le.Error())
		st.Code = 553
		return st
	case errors.As(err, &te):
		return &deliver.Status{Kind: deliver.TempFail, Code: 403, Enhanced: "4.7.0", DSN: "4.7.0",
			Text: "Deferred: 403 4.7.0 TLS handshake failed.", Exit: deliver.ExTempFail}
	}
	return netStatus(err, t.name)
}

// run delivers m on s in as many transactions as the mailer's F=m and
// r= allow, filling out. It returns false when the connection was lost
// before the first MAIL was answered (the next host is then tried).
func (c *Client) run(mr *ruleset.Mailer, s *session, m *Message, out []*deliver.Status) bool {
	data, st := s.prepare(mr, m)
	if st != nil {
		for i := range out {
			out[i] = withCopy(st)
		}
		c.release(s, false)
		return true
	}
	size := m.Size
	if size <= 0 {
		size = int64(len(data))
	}
	batch := len(m.Rcpts)
	if !mr.Flags['m'] {
		batch = 1
	} else if mr.MaxRcpt > 0 && mr.MaxRcpt < batch {
		batch = mr.MaxRcpt
	}
	var hs hostStatus
	for i := 0; i < len(m.Rcpts); i += batch {
		j := min(i+batch, len(m.Rcpts))
		if i > 0 && !s.reset() {
			s.conn.Close()
			for k := i; k < len(out); k++ {
				out[k] = netStatus(errors.New("connection lost"), s.host)
			}
			return true
		}
		res := s.transaction(mr, m, m.Rcpts[i:j], data, size)
		if res.lost != nil {
			s.conn.Close()
			if i == 0 {
				c.writeHostStatus(s.host, hostStatus{Errno: int(errnoOf(res.lost)), Exit: deliver.ExTempFail, DSN: "4.4.1"})
				return false
			}
			for k := i; k < len(out); k++ {
				out[k] = netStatus(res.lost, s.host)
			}
			return true
		}
		copy(out[i:j], res.st)
		hs = hostStatus{DSN: res.hsDSN, Reply: res.hsReply}
		if res.dead {
			c.writeHostStatus(s.host, hs)
			for k := j; k < len(out); k++ {
				out[k] = withCopy(res.st[len(res.st)-1])
			}
			return true
		}
	}
	c.writeHostStatus(s.host, hs)
	c.release(s, true)
	return true
}

// release keeps s for the next delivery or ends it.
func (c *Client) release(s *session, clean bool) {
	if c.ConnCacheSize <= 0 {
		s.quit()
		return
	}
	if !clean && !s.reset() {
		s.conn.Close()
		return
	}
	s.used = c.now()
	c.mu.Lock()
	c.cache = append(c.cache, s)
	var drop []*session
	for len(c.cache) > c.ConnCacheSize {
		drop = append(drop, c.cache[0])
		c.cache = c.cache[1:]
	}
	c.mu.Unlock()
	for _, d := range drop {
		d.quit()
	}
}

// fromCache takes a cached session for key, checked with RSET.
func (c *Client) fromCache(key string) *session {
	to := c.ConnCacheTimeout
	if to <= 0 {
		to = 5 * time.Minute
	}
	for {
		c.mu.Lock()
		var s *session
		for i, x := range c.cache {
			if x.key == key {
				s = x
				c.cache = append(c.cache[:i], c.cache[i+1:]...)
				break
			}
		}
		c.mu.Unlock()
		if s == nil {
			return nil
		}
		if c.now().Sub(s.used) > to {
			s.quit()
			continue
		}
		if s.reset() {
			return s
		}
		s.conn.Close()
	}
}

// Close ends the cached connections with QUIT.
func (c *Client) Close() error {
	c.mu.Lock()
	cs := c.cache
	c.cache = nil
	c.mu.Unlock()
	for _, s := range cs {
		s.quit()
	}
	return nil
}
