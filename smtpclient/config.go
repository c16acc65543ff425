package smtpclient

import (
	"crypto/tls"
	"encoding/base64"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gosendmail/gosendmail/ruleset"
)

// FromConfig is a Client set up from a .cf's options: HeloName $j,
// IsLocal class w, HostStatusDirectory (relative to QueueDirectory, as
// sendmail takes it), Timeout.hoststatus, ConnectionCacheSize and
// ConnectionCacheTimeout, FallbackMXhost, EightBitMode, TLSFallbacktoClear
// and the client Timeout.* options; opportunistic STARTTLS without
// certificate checks. Resolver, Auth and Verbose are the caller's.
func FromConfig(cf *ruleset.Config) *Client {
	c := &Client{TLS: &tls.Config{InsecureSkipVerify: true}, TLSNoFallback: true}
	c.HeloName, _ = cf.Macro("j")
	c.IsLocal = func(h string) bool { return cf.InClass("w", h) }
	opt := func(n string) string { v, _ := cf.Option(n); return strings.TrimSpace(v) }
	if d := opt("HostStatusDirectory"); d != "" {
		if !filepath.IsAbs(d) {
			if q := opt("QueueDirectory"); q != "" {
				d = filepath.Join(strings.TrimSuffix(q, "*"), d)
			}
		}
		c.HostStatusDir = d
	}
	c.ConnCacheSize = 2
	if v := opt("ConnectionCacheSize"); v != "" {
		c.ConnCacheSize, _ = strconv.Atoi(v)
	}
	c.ConnCacheTimeout = 5 * time.Minute
	if v := opt("ConnectionCacheTimeout"); v != "" {
		c.ConnCacheTimeout = ruleset.ConvTime(v, 's')
	}
	c.FallbackMX = opt("FallbackMXhost")
	if v := opt("EightBitMode"); v != "" {
		c.EightBitMode = v[0] | 0x20
	}
	if v := strings.ToLower(opt("TLSFallbacktoClear")); v != "" && (v[0] == 't' || v[0] == 'y') {
		c.TLSNoFallback = false
	}
	tm := func(n string, d *time.Duration) {
		if v := opt("Timeout." + n); v != "" {
			*d = ruleset.ConvTime(v, 'm')
		}
	}
	tm("connect", &c.Timeouts.Connect)
	tm("initial", &c.Timeouts.Initial)
	tm("helo", &c.Timeouts.Helo)
	tm("mail", &c.Timeouts.Mail)
	tm("rcpt", &c.Timeouts.Rcpt)
	tm("datainit", &c.Timeouts.DataInit)
	tm("datablock", &c.Timeouts.DataBlock)
	tm("datafinal", &c.Timeouts.DataFinal)
	tm("rset", &c.Timeouts.Rset)
	tm("quit", &c.Timeouts.Quit)
	tm("misc", &c.Timeouts.Misc)
	tm("starttls", &c.Timeouts.StartTLS)
	tm("hoststatus", &c.HostStatusTimeout)
	return c
}

// ParseAuthInfo reads a value of the authinfo map: quoted or bare items
// "U:user" "I:authid" "P:password" (or "P=" and the password in base64)
// "R:realm" "M:MECH1 MECH2". ok is false when it has no user and no
// password.
func ParseAuthInfo(v string) (ai *AuthInfo, ok bool) {
	ai = &AuthInfo{}
	for _, it := range authItems(v) {
		if len(it) < 2 || (it[1] != ':' && it[1] != '=') {
			continue
		}
		val := it[2:]
		switch it[0] {
		case 'U', 'u':
			ai.User = val
		case 'I', 'i':
			ai.AuthID = val
		case 'P', 'p':
			ai.Password = val
			if it[1] == '=' {
				if b, err := base64.StdEncoding.DecodeString(val); err == nil {
					ai.Password = string(b)
				}
			}
		case 'R', 'r':
			ai.Realm = val
		case 'M', 'm':
			ai.Mechs = strings.Fields(strings.ToUpper(val))
		}
	}
	if ai.User == "" {
		ai.User = ai.AuthID
	}
	return ai, ai.User != "" || ai.Password != ""
}

// authItems splits "U:a" "P:b c" into its items: quoted ones may hold
// spaces, bare ones end at white space.
func authItems(v string) []string {
	var out []string
	for i := 0; i < len(v); {
		switch {
		case v[i] == ' ' || v[i] == '\t':
			i++
		case v[i] == '"':
			j := strings.IndexByte(v[i+1:], '"')
			if j < 0 {
				out = append(out, v[i+1:])
				return out
			}
			out = append(out, v[i+1:i+1+j])
			i += j + 2
		default:
			j := strings.IndexAny(v[i:], " \t")
			if j < 0 {
				j = len(v) - i
			}
			out = append(out, v[i:i+j])
			i += j
		}
	}
	return out
}
