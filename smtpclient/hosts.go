package smtpclient

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"sort"
	"strings"

	"github.com/gosendmail/gosendmail/deliver"
)

// target is one host to try, in order.
type target struct {
	// name is what sendmail calls the host in its messages, host status
	// file and Remote-MTA: "[127.0.0.1]", "mx.example.net." for an MX
	// record (with the root dot), the domain itself when it has no MX.
	name string
	// lookup is the name whose addresses are wanted ("" for a literal).
	lookup string
	addr   netip.Addr // a literal address ([1.2.3.4])
}

// SplitHosts splits $h at the colons that separate hosts
// ("mx1.example.net:[10.0.0.1]"); colons inside brackets
// ("[IPv6:2001:db8::1]") stay.
func SplitHosts(h string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(h); i++ {
		switch h[i] {
		case '[':
			depth++
		case ']':
			if depth > 0 {
				depth--
			}
		case ':':
			if depth == 0 {
				out = append(out, h[start:i])
				start = i + 1
			}
		}
	}
	out = append(out, h[start:])
	var hs []string
	for _, s := range out {
		if s = strings.TrimSpace(s); s != "" {
			hs = append(hs, s)
		}
	}
	return hs
}

// literal reads "[...]": an address, "IPv6:addr", or a host name whose
// MX records are not looked up.
func literal(s string) (t target, ok bool) {
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return target{}, false
	}
	in := s[1 : len(s)-1]
	if len(in) > 5 && strings.EqualFold(in[:5], "IPv6:") {
		in = in[5:]
	}
	if ip, err := netip.ParseAddr(in); err == nil {
		return target{name: s, addr: ip.Unmap()}, true
	}
	return target{name: s, lookup: in}, true
}

// targets turns the host part of a mailer triple into the hosts to try
// in order: each host of a colon list is an address or bracketed name
// (no MX lookup) or a domain whose MX records are used (best preference
// first, equal ones shuffled, none as good as our own when we are one of
// them), or the domain itself when it has none; FallbackMXhost comes last.
// A failure is returned when no host is left to try.
func (c *Client) targets(ctx context.Context, host string) ([]target, *deliver.Status) {
	var out []target
	var fail *deliver.Status
	seen := map[string]bool{}
	add := func(ts ...target) {
		for _, t := range ts {
			k := strings.ToLower(trimDot(t.name))
			if !seen[k] {
				seen[k] = true
				out = append(out, t)
			}
		}
	}
	for _, h := range SplitHosts(host) {
		ts, st := c.expand(ctx, h)
		if st != nil {
			if fail == nil || fail.Kind == deliver.PermFail && st.Kind == deliver.TempFail {
				fail = st
			}
			continue
		}
		add(ts...)
	}
	if fb := c.FallbackMX; fb != "" && !(fail != nil && fail.Exit == deliver.ExConfig) {
		for _, h := range SplitHosts(fb) {
			if ts, st := c.expand(ctx, h); st == nil {
				add(ts...)
			}
		}
	}
	if len(out) == 0 {
		if fail == nil {
			fail = hostUnknown(host)
		}
		return nil, fail
	}
	return out, nil
}

// expand is one host of the list.
func (c *Client) expand(ctx context.Context, h string) ([]target, *deliver.Status) {
	if t, ok := literal(h); ok {
		return []target{t}, nil
	}
	if ip, err := netip.ParseAddr(h); err == nil {
		return []target{{name: "[" + h + "]", addr: ip.Unmap()}}, nil
	}
	domain := trimDot(h)
	mx, err := c.resolver().LookupMX(ctx, domain)
	if err != nil {
		if IsNotFound(err) {
			return nil, hostUnknown(domain)
		}
		return nil, lookupFailed(domain)
	}
	if len(mx) == 0 {
		return []target{{name: domain, lookup: domain}}, nil
	}
	if len(mx) == 1 && (mx[0].Host == "." || mx[0].Host == "") {
		// RFC 7505 null MX: the domain takes no mail.
		return nil, &deliver.Status{Kind: deliver.PermFail, Code: 556, Enhanced: "5.1.10", DSN: "5.1.10",
			Text: "Host " + domain + " does not accept mail (null MX)", Exit: deliver.ExNoHost, NoAddr: false}
	}
	mx = c.orderMX(mx)
	// our own preference: MX hosts no better than the best of ours are
	// dropped, or the mail would come back to us
	if c.IsLocal != nil {
		for i, m := range mx {
			if c.IsLocal(trimDot(m.Host)) {
				if i == 0 {
					return nil, configError(fmt.Sprintf("MX list for %s points back to %s", domain, c.helo()))
				}
				own := m.Pref
				j := 0
				for j < len(mx) && mx[j].Pref < own {
					j++
				}
				mx = mx[:j]
				break
			}
		}
	}
	var ts []target
	for _, m := range mx {
		name := m.Host
		if !strings.HasSuffix(name, ".") {
			name += "."
		}
		ts = append(ts, target{name: name, lookup: trimDot(name)})
	}
	return ts, nil
}

// orderMX sorts MX records by preference and shuffles those of equal
// preference (sendmail randomises them so load spreads).
func (c *Client) orderMX(mx []*net.MX) []*net.MX {
	mx = append([]*net.MX(nil), mx...)
	shuffle := c.Shuffle
	if shuffle == nil {
		shuffle = rand.Shuffle
	}
	sort.SliceStable(mx, func(i, j int) bool { return mx[i].Pref < mx[j].Pref })
	for i := 0; i < len(mx); {
		j := i
		for j < len(mx) && mx[j].Pref == mx[i].Pref {
			j++
		}
		if j-i > 1 {
			part := mx[i:j]
			shuffle(len(part), func(a, b int) { part[a], part[b] = part[b], part[a] })
		}
		i = j
	}
	return mx
}

// addrs are the addresses of t.
func (c *Client) addrs(ctx context.Context, t target) ([]netip.Addr, *deliver.Status) {
	if t.lookup == "" {
		return []netip.Addr{t.addr}, nil
	}
	if ip, err := netip.ParseAddr(t.lookup); err == nil {
		return []netip.Addr{ip.Unmap()}, nil
	}
	ips, err := c.resolver().LookupAddr(ctx, t.lookup)
	if err != nil {
		if IsNotFound(err) {
			return nil, hostUnknown(t.lookup)
		}
		return nil, lookupFailed(t.lookup)
	}
	if len(ips) == 0 {
		return nil, hostUnknown(t.lookup)
	}
	return ips, nil
}
