package maps

import (
	"bufio"
	"os"
	"strings"
)

// A minimal reader of sendmail.cf option lines ("O Name=value" and the old
// one-letter form "Oxvalue"), enough for makemap's TrustedUser and
// newaliases' AliasFile until the full configuration parser exists.

// cfOption returns the last value of the named option in the .cf file
// (short is its one-letter name, or 0).
func cfOption(path, name string, short byte) (string, error) {
	vals, err := CfOptionValues(path, name, short)
	if err != nil || len(vals) == 0 {
		return "", err
	}
	return vals[len(vals)-1], nil
}

// CfOptionValues returns every value given to the named option in the .cf
// file, in order. Continuation lines (starting with white space) are joined
// to the line before.
func CfOptionValues(path, name string, short byte) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var vals []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var lines []string
	for sc.Scan() {
		l := sc.Text()
		if len(lines) > 0 && l != "" && (l[0] == ' ' || l[0] == '\t') {
			lines[len(lines)-1] += l
			continue
		}
		lines = append(lines, l)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, l := range lines {
		if len(l) < 2 || l[0] != 'O' {
			continue
		}
		if l[1] == ' ' || l[1] == '\t' {
			rest := strings.TrimLeft(l[1:], " \t")
			n, v, ok := strings.Cut(rest, "=")
			if !ok {
				n, v = rest, ""
			}
			if strings.EqualFold(strings.TrimSpace(n), name) {
				vals = append(vals, strings.TrimSpace(v))
			}
		} else if short != 0 && l[1] == short {
			vals = append(vals, strings.TrimSpace(l[2:]))
		}
	}
	return vals, nil
}

// CfOwnerAndDomains reads, from the .cf file (default sendmail.cf), the
// TrustedUser that should own the databases root builds (-1 for none) and
// the local host names of class w (C and the host's name).
func CfOwnerAndDomains(cf string) (owner int, domains []string) {
	if cf == "" {
		cf = DefaultCf
	}
	owner = -1
	if os.Geteuid() == 0 {
		if tu, _ := cfOption(cf, "TrustedUser", 0); tu != "" {
			if uid, err := lookupUID(tu); err == nil {
				owner = uid
			}
		}
	}
	if h, err := os.Hostname(); err == nil {
		domains = append(domains, h)
		if i := strings.IndexByte(h, '.'); i > 0 {
			domains = append(domains, h[:i])
		}
	}
	if data, err := os.ReadFile(cf); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(l, "Cw") {
				domains = append(domains, strings.Fields(l[2:])...)
			}
		}
	}
	return owner, domains
}
