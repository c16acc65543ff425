package maps

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Resolver answers the DNS questions of the dns, bestmx and host maps. It
// returns no records and no error for a name or type that does not exist;
// errors are temporary failures (server failure, time-out).
type Resolver interface {
	// LookupDNS returns the records of one type (A, AAAA, CNAME, MX, NS,
	// PTR, SRV, TXT) as sendmail's dns map renders them: addresses, names
	// without the trailing dot, "pref host" for MX, "prio weight port
	// host" for SRV, the text of TXT records.
	LookupDNS(ctx context.Context, name, typ string) ([]string, error)
	// LookupMX returns the MX records of name.
	LookupMX(ctx context.Context, name string) ([]*net.MX, error)
}

// NetResolver is a Resolver over the system's resolver.
type NetResolver struct{ R *net.Resolver }

func (n NetResolver) res() *net.Resolver {
	if n.R != nil {
		return n.R
	}
	return net.DefaultResolver
}

func dnsErr(err error) error {
	var de *net.DNSError
	if errors.As(err, &de) && de.IsNotFound {
		return nil
	}
	return err
}

func trimDot(s string) string { return strings.TrimSuffix(s, ".") }

// LookupDNS implements Resolver.
func (n NetResolver) LookupDNS(ctx context.Context, name, typ string) ([]string, error) {
	r := n.res()
	var out []string
	switch strings.ToUpper(typ) {
	case "A", "AAAA":
		network := "ip4"
		if strings.EqualFold(typ, "AAAA") {
			network = "ip6"
		}
		ips, err := r.LookupIP(ctx, network, name)
		for _, ip := range ips {
			out = append(out, ip.String())
		}
		return out, dnsErr(err)
	case "CNAME":
		c, err := r.LookupCNAME(ctx, name)
		if err != nil || trimDot(c) == trimDot(name) {
			return nil, dnsErr(err)
		}
		return []string{trimDot(c)}, nil
	case "MX":
		mx, err := r.LookupMX(ctx, name)
		for _, m := range mx {
			out = append(out, fmt.Sprintf("%d %s", m.Pref, trimDot(m.Host)))
		}
		return out, dnsErr(err)
	case "NS":
		ns, err := r.LookupNS(ctx, name)
		for _, s := range ns {
			out = append(out, trimDot(s.Host))
		}
		return out, dnsErr(err)
	case "PTR":
		names, err := r.LookupAddr(ctx, name)
		for _, s := range names {
			out = append(out, trimDot(s))
		}
		return out, dnsErr(err)
	case "SRV":
		_, srv, err := r.LookupSRV(ctx, "", "", name)
		for _, s := range srv {
			out = append(out, fmt.Sprintf("%d %d %d %s", s.Priority, s.Weight, s.Port, trimDot(s.Target)))
		}
		return out, dnsErr(err)
	case "TXT":
		txt, err := r.LookupTXT(ctx, name)
		return txt, dnsErr(err)
	}
	return nil, fmt.Errorf("dns map: record type %s not supported", typ)
}

// LookupMX implements Resolver.
func (n NetResolver) LookupMX(ctx context.Context, name string) ([]*net.MX, error) {
	mx, err := n.res().LookupMX(ctx, name)
	return mx, dnsErr(err)
}

func (e *Env) resolver() Resolver {
	if e.Resolver != nil {
		return e.Resolver
	}
	return NetResolver{}
}

func resolverTimeout(s *Spec) time.Duration {
	d := atoiDefault(s.Class1['d'], 5)
	r := atoiDefault(s.Class1['r'], 2)
	return time.Duration(d*(r+1)) * time.Second
}

// dnsMap (class dns) returns the records of the -R type for the key (with
// -B's domain appended): the first, or all joined by -z.
type dnsMap struct {
	spec *Spec
	env  *Env
	typ  string
}

func openDNSMap(s *Spec, env *Env) (*dnsMap, error) {
	t := strings.ToUpper(s.Class1['R'])
	switch t {
	case "A", "AAAA", "CNAME", "MX", "NS", "PTR", "SRV", "TXT":
	case "":
		return nil, errors.New("dns map: no -R record type")
	default:
		return nil, fmt.Errorf("dns map: record type %s not supported", t)
	}
	return &dnsMap{spec: s, env: env, typ: t}, nil
}

func (m *dnsMap) get(key string, _ []string) (string, bool, error) {
	name := key
	if b := m.spec.Class1['B']; b != "" {
		name = strings.TrimSuffix(name, ".") + "." + strings.TrimPrefix(b, ".")
	}
	ctx, cancel := context.WithTimeout(context.Background(), resolverTimeout(m.spec))
	defer cancel()
	rrs, err := m.env.resolver().LookupDNS(ctx, name, m.typ)
	if err != nil {
		return "", false, tempFail(err)
	}
	if len(rrs) == 0 {
		return "", false, nil
	}
	if m.spec.Delim == "" {
		return rrs[0], true, nil
	}
	return strings.Join(rrs, m.spec.Delim), true, nil
}

func (m *dnsMap) close() error { return nil }

// bestmxMap (class bestmx) returns the most preferred MX host of the key
// (this host when it is among the most preferred), or with -z all of
// them in order of preference.
type bestmxMap struct {
	spec *Spec
	env  *Env
}

func (m *bestmxMap) get(key string, _ []string) (string, bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), resolverTimeout(m.spec))
	defer cancel()
	mx, err := m.env.resolver().LookupMX(ctx, key)
	if err != nil {
		return "", false, tempFail(err)
	}
	if len(mx) == 0 {
		return "", false, nil
	}
	mx = slices.Clone(mx)
	slices.SortStableFunc(mx, func(a, b *net.MX) int {
		if a.Pref != b.Pref {
			return int(a.Pref) - int(b.Pref)
		}
		return strings.Compare(strings.ToLower(a.Host), strings.ToLower(b.Host))
	})
	hosts := make([]string, len(mx))
	for i, r := range mx {
		hosts[i] = trimDot(r.Host)
	}
	if local := trimDot(m.env.LocalHost); local != "" {
		for i := 0; i < len(mx) && mx[i].Pref == mx[0].Pref; i++ {
			if strings.EqualFold(hosts[i], local) {
				hosts[0], hosts[i] = hosts[i], hosts[0]
				break
			}
		}
	}
	if m.spec.Delim == "" {
		return hosts[0], true, nil
	}
	return strings.Join(hosts, m.spec.Delim), true, nil
}

func (m *bestmxMap) close() error { return nil }

// hostMap (class host) canonifies host names through the methods the
// service switch gives for "hosts": "files" (the hosts file: the first
// name of the line naming the key) and "dns" (the CNAME chain's end, if
// the name has addresses).
type hostMap struct {
	spec *Spec
	env  *Env
}

func (m *hostMap) get(key string, _ []string) (string, bool, error) {
	key = trimDot(key)
	var temp error
	for _, method := range m.env.services("hosts") {
		switch method {
		case "files":
			if c, ok := hostsFileCanon(m.env.hostsFile(), key); ok {
				return c, true, nil
			}
		case "dns":
			ctx, cancel := context.WithTimeout(context.Background(), resolverTimeout(m.spec))
			c, ok, err := dnsCanon(ctx, m.env.resolver(), key)
			cancel()
			if err != nil {
				temp = err
				continue
			}
			if ok {
				return c, true, nil
			}
		}
	}
	if temp != nil {
		return "", false, tempFail(temp)
	}
	return "", false, nil
}

func (m *hostMap) close() error { return nil }

func hostsFileCanon(path, name string) (string, bool) {
	canon, found := "", false
	FieldLines(path, func(fs []string) bool {
		for _, n := range fs[1:] {
			if strings.EqualFold(n, name) {
				canon, found = fs[1], true
				return false
			}
		}
		return true
	})
	return canon, found
}

func dnsCanon(ctx context.Context, r Resolver, name string) (string, bool, error) {
	canon := name
	if c, err := r.LookupDNS(ctx, name, "CNAME"); err != nil {
		return "", false, err
	} else if len(c) > 0 {
		canon = c[0]
	}
	for _, t := range []string{"A", "AAAA", "MX"} {
		rr, err := r.LookupDNS(ctx, canon, t)
		if err != nil {
			return "", false, err
		}
		if len(rr) > 0 {
			return canon, true, nil
		}
	}
	return "", false, nil
}

// socketMap (class socket) asks a socketmap server: the request is the
// netstring "mapname key", the reply "OK value", "NOTFOUND", or "TEMP",
// "TIMEOUT", "PERM" with an explanation. The argument names the server:
// unix:/path, local:/path, inet:port@host or inet6:port@host. -d gives
// the time-out in seconds. A broken connection is reopened once.
type socketMap struct {
	mu      sync.Mutex
	name    string
	network string
	addr    string
	timeout time.Duration
	conn    net.Conn
	r       *bufio.Reader
}

func openSocketMap(s *Spec, _ *Env) (*socketMap, error) {
	if len(s.Args) == 0 {
		return nil, errors.New("socket map: no server given")
	}
	spec := s.Args[0]
	kind, rest, ok := strings.Cut(spec, ":")
	if !ok {
		kind, rest = "unix", spec
	}
	m := &socketMap{name: s.Name, timeout: time.Duration(atoiDefault(s.Class1['d'], 10)) * time.Second}
	switch strings.ToLower(kind) {
	case "unix", "local":
		m.network, m.addr = "unix", rest
	case "inet", "inet6":
		port, host, ok := strings.Cut(rest, "@")
		if !ok {
			return nil, fmt.Errorf("socket map: %q: want port@host", spec)
		}
		m.network = "tcp4"
		if strings.EqualFold(kind, "inet6") {
			m.network = "tcp6"
		}
		m.addr = net.JoinHostPort(strings.Trim(host, "[]"), port)
	default:
		return nil, fmt.Errorf("socket map: unknown socket type %q", kind)
	}
	return m, nil
}

func (m *socketMap) get(key string, _ []string) (string, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for try := 0; ; try++ {
		v, found, err, netErr := m.ask(key)
		if netErr && try == 0 {
			m.drop()
			continue
		}
		if netErr {
			m.drop()
		}
		return v, found, err
	}
}

func (m *socketMap) drop() {
	if m.conn != nil {
		m.conn.Close()
		m.conn, m.r = nil, nil
	}
}

// ask does one exchange; netErr tells that the connection failed.
func (m *socketMap) ask(key string) (string, bool, error, bool) {
	if m.conn == nil {
		c, err := net.DialTimeout(m.network, m.addr, m.timeout)
		if err != nil {
			return "", false, tempFail(err), false
		}
		m.conn, m.r = c, bufio.NewReader(c)
	}
	m.conn.SetDeadline(time.Now().Add(m.timeout))
	req := m.name + " " + key
	if _, err := fmt.Fprintf(m.conn, "%d:%s,", len(req), req); err != nil {
		return "", false, tempFail(err), true
	}
	reply, err := ReadNetstring(m.r, 1<<20)
	if err != nil {
		return "", false, tempFail(err), true
	}
	status, val, _ := strings.Cut(reply, " ")
	switch status {
	case "OK":
		return val, true, nil, false
	case "NOTFOUND":
		return "", false, nil, false
	case "TEMP", "TIMEOUT":
		return "", false, tempFailf("socket map %s: %s %s", m.name, status, val), false
	case "PERM":
		return "", false, fmt.Errorf("socket map %s: PERM %s", m.name, val), false
	}
	return "", false, tempFailf("socket map %s: bad reply %q", m.name, reply), true
}

func (m *socketMap) close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.drop()
	return nil
}

// ReadNetstring reads one netstring ("len:data,") of at most max bytes.
func ReadNetstring(r *bufio.Reader, max int) (string, error) {
	n := 0
	digits := 0
	for {
		c, err := r.ReadByte()
		if err != nil {
			return "", err
		}
		if c == ':' && digits > 0 {
			break
		}
		if c < '0' || c > '9' || digits > 9 {
			return "", errors.New("netstring: bad length")
		}
		n = n*10 + int(c-'0')
		digits++
	}
	if n > max {
		return "", errors.New("netstring: too long (" + strconv.Itoa(n) + " bytes)")
	}
	buf := make([]byte, n+1)
	if _, err := io.ReadFull(r, buf); err != nil {
		return "", err
	}
	if buf[n] != ',' {
		return "", errors.New("netstring: missing comma")
	}
	return string(buf[:n]), nil
}
