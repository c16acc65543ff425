package smtpclient

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gosendmail/gosendmail/deliver"
)

// HostStatus is one host's file in the HostStatusDirectory, as sendmail
// 8.17 writes it (seen from the reference):
//
//	V0                     format version
//	E111                   errno of the last connection (ECONNREFUSED)
//	H0                     h_errno of the last lookup
//	S75                    exit status (EX_TEMPFAIL for a host found down)
//	D4.4.1                 DSN status, when there is one
//	R250 2.0.0 Ok: ...     the peer's last reply, when there is one
//	U1796145933            time of the update (seconds since 1970)
//	.
//
// The file of host "mx.example.net." is DIR/net./example./mx; of
// "[127.0.0.1]" DIR/1./0./0./127: labels in reverse order, each directory
// named with a dot after it, names in lower case. Files are mode 0600.
type HostStatus struct {
	Errno, HErrno, Exit int
	DSN, Reply          string
	Updated             time.Time
}

type hostStatus = HostStatus

// HostStatusPath is the file of host under dir.
func HostStatusPath(dir, host string) string {
	h := strings.ToLower(strings.Trim(trimDot(host), "[]"))
	if strings.HasPrefix(h, "ipv6:") {
		h = h[5:]
	}
	labels := strings.Split(h, ".")
	parts := []string{dir}
	for i := len(labels) - 1; i > 0; i-- {
		parts = append(parts, strings.ReplaceAll(labels[i], "/", "_")+".")
	}
	parts = append(parts, strings.ReplaceAll(labels[0], "/", "_"))
	return filepath.Join(parts...)
}

// Format is the file's contents.
func (h *HostStatus) Format() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "V0\nE%d\nH%d\nS%d\n", h.Errno, h.HErrno, h.Exit)
	if h.DSN != "" {
		fmt.Fprintf(&b, "D%s\n", h.DSN)
	}
	if h.Reply != "" {
		fmt.Fprintf(&b, "R%s\n", strings.ReplaceAll(h.Reply, "\n", " "))
	}
	fmt.Fprintf(&b, "U%d\n.\n", h.Updated.Unix())
	return b.Bytes()
}

// ParseHostStatus reads a host status file; unknown lines are skipped.
func ParseHostStatus(data []byte) (*HostStatus, error) {
	h := &HostStatus{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 64*1024)
	seenV := false
	for sc.Scan() {
		l := sc.Text()
		if l == "." {
			break
		}
		if l == "" {
			continue
		}
		v := l[1:]
		var err error
		switch l[0] {
		case 'V':
			seenV = true
			if v != "0" {
				return nil, fmt.Errorf("host status: version %q", v)
			}
		case 'E':
			h.Errno, err = strconv.Atoi(v)
		case 'H':
			h.HErrno, err = strconv.Atoi(v)
		case 'S':
			h.Exit, err = strconv.Atoi(v)
		case 'D':
			h.DSN = v
		case 'R':
			h.Reply = v
		case 'U':
			var n int64
			n, err = strconv.ParseInt(v, 10, 64)
			h.Updated = time.Unix(n, 0)
		}
		if err != nil {
			return nil, fmt.Errorf("host status: bad line %q", l)
		}
	}
	if !seenV {
		return nil, fmt.Errorf("host status: no version line")
	}
	return h, sc.Err()
}

// writeHostStatus records what became of our last try of host.
// hostStatusRefresh is how often an unchanged host status is written
// again (to keep its time current for other processes).
const hostStatusRefresh = 30 * time.Second

type writtenStatus struct {
	status string
	at     time.Time
}

func (c *Client) writeHostStatus(host string, h hostStatus) {
	if c.HostStatusDir == "" {
		return
	}
	now := c.now()
	p := HostStatusPath(c.HostStatusDir, host)
	key := h
	key.Updated = time.Time{}
	c.mu.Lock()
	last, seen := c.written[p]
	if seen && last.status == string(key.Format()) && now.Sub(last.at) < hostStatusRefresh {
		c.mu.Unlock()
		return // the same status, written a moment ago
	}
	if c.written == nil {
		c.written = map[string]writtenStatus{}
	}
	c.written[p] = writtenStatus{status: string(key.Format()), at: now}
	c.mu.Unlock()
	h.Updated = now
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	tmp := p + ".tmp" + strconv.Itoa(os.Getpid())
	if err := os.WriteFile(tmp, h.Format(), 0o600); err != nil {
		os.Remove(tmp)
		return
	}
	if err := os.Rename(tmp, p); err != nil {
		os.Remove(tmp)
	}
}

// hostDown is the deferral of a host whose connection failed less than
// HostStatusTimeout ago (sendmail does not try it again before then).
func (c *Client) hostDown(t target) *deliver.Status {
	if c.HostStatusDir == "" || c.HostStatusTimeout < 0 {
		return nil
	}
	data, err := os.ReadFile(HostStatusPath(c.HostStatusDir, t.name))
	if err != nil {
		return nil
	}
	h, err := ParseHostStatus(data)
	if err != nil || h.Exit != deliver.ExTempFail || h.Errno == 0 {
		return nil
	}
	to := c.HostStatusTimeout
	if to == 0 {
		to = 30 * time.Minute
	}
	if c.now().Sub(h.Updated) >= to {
		return nil
	}
	return netStatus(syscall.Errno(h.Errno), t.name)
}
