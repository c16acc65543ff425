package ruleset

import (
	"net"
	"os"
	"os/exec"
	"os/user"
	"strings"
	"syscall"

	"github.com/gosendmail/gosendmail/maps"
)

// initHost defines the macros and classes sendmail sets before reading
// its configuration: $w $j $m $k $v $_ ${opMode} and the built-in
// classes.
func (c *Config) initHost(o ReadOptions) {
	host := o.HostName
	if host == "" {
		host, _ = os.Hostname()
	}
	c.macros["v"] = Version
	c.macros["n"] = "MAILER-DAEMON"
	c.macros["w"] = host
	c.macros["j"] = host
	if i := strings.IndexByte(host, '.'); i >= 0 && i+1 < len(host) {
		c.macros["m"] = host[i+1:]
	}
	var uts syscall.Utsname
	node := o.NodeName
	if node == "" && syscall.Uname(&uts) == nil {
		var b []byte
		for _, ch := range uts.Nodename {
			if ch == 0 {
				break
			}
			b = append(b, byte(ch))
		}
		node = string(b)
	}
	if node == "" {
		node = host
	}
	c.macros["k"] = node
	name := "root"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	c.macros["_"] = name + "@localhost"
	c.macros["opMode"] = "t"
	for _, w := range []string{"7bit", "8bit", "binary"} {
		c.AddClass("e", w)
	}
	c.AddClass("n", "multipart/signed")
	c.AddClass("s", "rfc822")
	c.AddClass("checkMIMETextHeaders", "content-description")
	for _, w := range []string{"content-type", "content-disposition"} {
		c.AddClass("checkMIMEFieldHeaders", w)
	}
	for _, w := range []string{"content-type", "content-disposition", "content-transfer-encoding", "content-id", "mime-version"} {
		c.AddClass("checkMIMEHeaders", w)
	}
	for _, w := range []string{"_", "r", "s", "{daemon_flags}", "{if_addr}"} {
		c.AddClass("persistentMacros", w)
	}
	c.AddClass("w", host)
	if i := strings.IndexByte(host, '.'); i >= 0 && i+1 < len(host) {
		c.AddClass("m", host[i+1:])
	}
	c.AddClass("k", node)
}

// Version is the version test mode reports as $v.
const Version = "8.17.1.9"

// loadInterfaces adds the host's IPv4 addresses ([a.b.c.d]) to class w,
// with their names from the system's hosts file (and "[name]") when
// not in the class already.
func (c *Config) loadInterfaces(addrs []string) {
	if addrs == nil {
		ifs, err := net.InterfaceAddrs()
		if err != nil {
			return
		}
		for _, a := range ifs {
			ipn, ok := a.(*net.IPNet)
			if !ok || ipn.IP.To4() == nil {
				continue
			}
			addrs = append(addrs, ipn.IP.To4().String())
		}
	}
	names := systemHostNames()
	for _, ip := range addrs {
		lit := "[" + ip + "]"
		if !c.InClass("w", lit) {
			c.AddClass("w", lit)
		}
		n, ok := names[ip]
		if !ok || c.InClass("w", n) {
			continue
		}
		c.AddClass("w", n)
		c.AddClass("w", "["+n+"]")
	}
}

// systemHostNames reads /etc/hosts: address -> first name.
func systemHostNames() map[string]string {
	m := map[string]string{}
	maps.FieldLines("/etc/hosts", func(fs []string) bool {
		if _, ok := m[fs[0]]; !ok && len(fs) >= 2 {
			m[fs[0]] = fs[1]
		}
		return true
	})
	return m
}

// fileClass reads class words from a file or a program's output; each
// line is matched against a scanf-like format (%s, %[...]).
func (c *Config) fileClass(class, file, format string, optional bool) {
	var lines []string
	if strings.HasPrefix(file, "|") {
		out, err := exec.Command("/bin/sh", "-c", file[1:]).Output()
		if err != nil && len(out) == 0 {
			if !optional {
				c.syserr("fileclass: cannot exec %s", file[1:])
			}
			return
		}
		lines = strings.Split(string(out), "\n")
	} else {
		data, err := os.ReadFile(file)
		if err != nil {
			if !optional {
				msg := "No such file or directory"
				if pe, ok := err.(*os.PathError); ok {
					msg = errnoText(pe.Err)
				}
				c.syserr("fileclass: cannot open '%s': %s", file, msg)
			}
			return
		}
		lines = strings.Split(string(data), "\n")
	}
	for _, l := range lines {
		l = strings.TrimSuffix(l, "\r")
		if strings.HasPrefix(l, "#") || l == "" {
			continue
		}
		w, ok := scanfWord(l, format)
		if !ok {
			continue
		}
		for _, x := range strings.Fields(w) {
			c.AddClass(class, x)
		}
	}
}

func errnoText(err error) string {
	if en, ok := err.(syscall.Errno); ok {
		s := en.Error()
		if s != "" {
			return strings.ToUpper(s[:1]) + s[1:]
		}
	}
	return err.Error()
}

// scanfWord applies a sendmail F-line format to a line: it supports
// literal text, white space, %s and %[set] / %[^set]; the first
// conversion's text is the result.
func scanfWord(line, format string) (string, bool) {
	i := 0
	for f := 0; f < len(format); f++ {
		ch := format[f]
		switch {
		case ch == ' ' || ch == '\t':
			for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
				i++
			}
		case ch == '%' && f+1 < len(format):
			f++
			switch format[f] {
			case 's':
				for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
					i++
				}
				j := i
				for j < len(line) && line[j] != ' ' && line[j] != '\t' {
					j++
				}
				if j == i {
					return "", false
				}
				return line[i:j], true
			case '[':
				k := strings.IndexByte(format[f+1:], ']')
				if k == 0 && f+2 < len(format) {
					k = strings.IndexByte(format[f+2:], ']') + 1
				}
				if k < 0 {
					return "", false
				}
				set := format[f+1 : f+1+k]
				neg := strings.HasPrefix(set, "^")
				if neg {
					set = set[1:]
				}
				j := i
				for j < len(line) && strings.IndexByte(set, line[j]) >= 0 != neg {
					j++
				}
				if j == i {
					return "", false
				}
				return line[i:j], true
			case '%':
				if i >= len(line) || line[i] != '%' {
					return "", false
				}
				i++
			default:
				return "", false
			}
		default:
			if i >= len(line) || line[i] != ch {
				return "", false
			}
			i++
		}
	}
	return "", false
}

// hostsServices returns the methods of the "hosts" service.
func (c *Config) hostsServices() []string {
	if c.services == nil {
		c.loadSwitch()
	}
	if s, ok := c.services["hosts"]; ok {
		return s
	}
	return []string{"files", "dns"}
}

func (c *Config) loadSwitch() {
	path := c.switchFile
	if path == "" {
		path = "/etc/mail/service.switch"
	}
	c.services = map[string][]string{}
	maps.FieldLines(path, func(fs []string) bool {
		name := strings.TrimSuffix(fs[0], ":")
		if _, ok := c.services[name]; !ok {
			c.services[name] = fs[1:]
		}
		return true
	})
}

// hostsFileLookup finds name in the hosts file: the canonical (first)
// name of the line where it appears.
func (c *Config) hostsFileLookup(name string) (string, bool) {
	path := c.hostsFile
	if path == "" {
		path = "/etc/hosts"
	}
	if c.hostsCache == nil || c.hostsCachePath != path {
		c.hostsCachePath = path
		c.hostsCache = map[string]string{}
		maps.FieldLines(path, func(fs []string) bool {
			for _, n := range fs[1:] {
				k := lowerASCII(n)
				if _, ok := c.hostsCache[k]; !ok {
					c.hostsCache[k] = fs[1]
				}
			}
			return true
		})
	}
	v, ok := c.hostsCache[lowerASCII(name)]
	return v, ok
}

// getcanonname canonifies a host name through the hosts service; names
// found without a dot get $m appended.
func (c *Config) getcanonname(host string) (string, bool) {
	h := strings.TrimSuffix(host, ".")
	for _, m := range c.hostsServices() {
		switch m {
		case "files":
			if v, ok := c.hostsFileLookup(h); ok {
				if !strings.Contains(v, ".") {
					if d, ok := c.macros["m"]; ok && d != "" {
						v = v + "." + c.expand(d)
					}
				}
				return v, true
			}
		}
	}
	return host, false
}
