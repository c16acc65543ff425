package smtpclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Resolver answers the DNS questions of delivery.
//
// LookupMX returns no records and no error for a domain that exists
// without MX records. An error that is a *LookupError with NotFound set
// says the name does not exist (NXDOMAIN) or, for LookupAddr, has no
// address: the recipient bounces. Every other error is temporary.
type Resolver interface {
	LookupMX(ctx context.Context, name string) ([]*net.MX, error)
	// LookupAddr returns the IPv4 addresses of name, then its IPv6 ones.
	LookupAddr(ctx context.Context, name string) ([]netip.Addr, error)
}

// LookupError is a failed lookup.
type LookupError struct {
	Name     string
	NotFound bool // the name does not exist or has no such records
	Err      error
}

func (e *LookupError) Error() string {
	if e.NotFound {
		return e.Name + ": host not found"
	}
	return fmt.Sprintf("%s: lookup failure: %v", e.Name, e.Err)
}

func (e *LookupError) Unwrap() error { return e.Err }

// IsNotFound tells whether err says the name does not exist.
func IsNotFound(err error) bool {
	var le *LookupError
	return errors.As(err, &le) && le.NotFound
}

// DNSResolver asks a DNS server directly (github.com/miekg/dns): Server
// ("127.0.0.1:5353"), or when it is empty the name servers of
// /etc/resolv.conf in turn. Answers that are truncated over UDP are asked
// again over TCP.
type DNSResolver struct {
	Server  string
	Timeout time.Duration // per query; 0 is 5 seconds
	// ResolvConf replaces /etc/resolv.conf.
	ResolvConf string
}

func (r *DNSResolver) servers() ([]string, error) {
	if r.Server != "" {
		return []string{r.Server}, nil
	}
	path := r.ResolvConf
	if path == "" {
		path = "/etc/resolv.conf"
	}
	cc, err := dns.ClientConfigFromFile(path)
	if err != nil || len(cc.Servers) == 0 {
		return []string{"127.0.0.1:53"}, nil
	}
	var s []string
	for _, h := range cc.Servers {
		s = append(s, net.JoinHostPort(h, cc.Port))
	}
	return s, nil
}

// query asks one question; rcode NXDOMAIN is returned as NotFound.
func (r *DNSResolver) query(ctx context.Context, name string, typ uint16) ([]dns.RR, error) {
	srvs, _ := r.servers()
	to := r.Timeout
	if to <= 0 {
		to = 5 * time.Second
	}
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), typ)
	m.RecursionDesired = true
	var last error
	for _, s := range srvs {
		c := &dns.Client{Timeout: to}
		in, _, err := c.ExchangeContext(ctx, m, s)
		if err == nil && in.Truncated {
			c.Net = "tcp"
			in, _, err = c.ExchangeContext(ctx, m, s)
		}
		if err != nil {
			last = err
			continue
		}
		switch in.Rcode {
		case dns.RcodeSuccess:
			return in.Answer, nil
		case dns.RcodeNameError:
			return nil, &LookupError{Name: name, NotFound: true}
		default:
			last = fmt.Errorf("%s", dns.RcodeToString[in.Rcode])
		}
	}
	return nil, &LookupError{Name: name, Err: last}
}

// LookupMX implements Resolver.
func (r *DNSResolver) LookupMX(ctx context.Context, name string) ([]*net.MX, error) {
	ans, err := r.query(ctx, name, dns.TypeMX)
	if err != nil {
		return nil, err
	}
	var mx []*net.MX
	for _, rr := range ans {
		if m, ok := rr.(*dns.MX); ok {
			mx = append(mx, &net.MX{Host: m.Mx, Pref: m.Preference})
		}
	}
	return mx, nil
}

// LookupAddr implements Resolver.
func (r *DNSResolver) LookupAddr(ctx context.Context, name string) ([]netip.Addr, error) {
	var out []netip.Addr
	var errs []error
	for _, t := range []uint16{dns.TypeA, dns.TypeAAAA} {
		ans, err := r.query(ctx, name, t)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, rr := range ans {
			switch a := rr.(type) {
			case *dns.A:
				if ip, ok := netip.AddrFromSlice(a.A.To4()); ok {
					out = append(out, ip)
				}
			case *dns.AAAA:
				if ip, ok := netip.AddrFromSlice(a.AAAA); ok {
					out = append(out, ip)
				}
			}
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	for _, e := range errs {
		if !IsNotFound(e) {
			return nil, e
		}
	}
	return nil, &LookupError{Name: name, NotFound: true}
}

// SystemResolver is the Go resolver of the system (net.DefaultResolver
// when R is nil).
type SystemResolver struct{ R *net.Resolver }

func (s SystemResolver) res() *net.Resolver {
	if s.R != nil {
		return s.R
	}
	return net.DefaultResolver
}

func convertErr(name string, err error) error {
	var de *net.DNSError
	if errors.As(err, &de) && de.IsNotFound {
		return &LookupError{Name: name, NotFound: true, Err: err}
	}
	return &LookupError{Name: name, Err: err}
}

// LookupMX implements Resolver.
func (s SystemResolver) LookupMX(ctx context.Context, name string) ([]*net.MX, error) {
	mx, err := s.res().LookupMX(ctx, name)
	if err != nil {
		var de *net.DNSError
		// Go reports "no such host" for a name without MX records too;
		// the address lookup that follows tells the two apart.
		if errors.As(err, &de) && de.IsNotFound {
			return nil, nil
		}
		return nil, convertErr(name, err)
	}
	return mx, nil
}

// LookupAddr implements Resolver.
func (s SystemResolver) LookupAddr(ctx context.Context, name string) ([]netip.Addr, error) {
	ips, err := s.res().LookupNetIP(ctx, "ip", name)
	if err != nil {
		return nil, convertErr(name, err)
	}
	var v4, v6 []netip.Addr
	for _, ip := range ips {
		ip = ip.Unmap()
		if ip.Is4() {
			v4 = append(v4, ip)
		} else {
			v6 = append(v6, ip)
		}
	}
	return append(v4, v6...), nil
}

// trimDot removes the root label's dot.
func trimDot(s string) string { return strings.TrimSuffix(s, ".") }
