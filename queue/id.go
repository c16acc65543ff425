package queue

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// idChars is the alphabet of the time and sequence characters of a
// queue ID: 60 digits, and y, z for the leap seconds 60 and 61.
const idChars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// myPid is this process's ID (Go processes do not fork).
var myPid = os.Getpid()

// seqSpace is how many IDs one process can make in one second.
const seqSpace = 60 * 60

// IDGen makes queue IDs for one process: the time of its first ID (or
// of its last change of second, once a second's 3600 IDs are used) and
// a sequence number starting at a random offset.
type IDGen struct {
	mu     sync.Mutex
	Pid    int              // process ID in the ID; os.Getpid() when 0
	Now    func() time.Time // clock; time.Now when nil
	base   time.Time
	pid    int
	count  int
	offset int
}

// Next returns a new queue ID.
func (g *IDGen) Next() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	pid := g.Pid
	if pid == 0 {
		pid = myPid
	}
	now := time.Now
	if g.Now != nil {
		now = g.Now
	}
	if g.base.IsZero() || g.count >= seqSpace || g.pid != pid {
		if g.base.IsZero() {
			g.offset = rand.IntN(seqSpace)
		}
		t := now()
		// A new base must be a second not used before by this pid.
		for !g.base.IsZero() && g.pid == pid && t.Unix() == g.base.Unix() {
			time.Sleep(time.Until(t.Truncate(time.Second).Add(time.Second)))
			t = now()
		}
		g.base, g.pid, g.count = t, pid, 0
	}
	seq := (g.count + g.offset) % seqSpace
	g.count++
	return FormatID(g.base, seq, g.pid)
}

// FormatID is the queue ID for time t (taken in UTC), sequence number
// seq (0..3599) and process ID pid.
func FormatID(t time.Time, seq, pid int) string {
	t = t.UTC()
	var b strings.Builder
	b.Grow(16)
	b.WriteByte(idChars[(t.Year()-1900)%60])
	b.WriteByte(idChars[int(t.Month())-1])
	b.WriteByte(idChars[t.Day()])
	b.WriteByte(idChars[t.Hour()])
	b.WriteByte(idChars[t.Minute()%62])
	b.WriteByte(idChars[t.Second()%62])
	seq %= seqSpace
	b.WriteByte(idChars[seq/60])
	b.WriteByte(idChars[seq%60])
	var digits [20]byte
	d := strconv.AppendInt(digits[:0], int64(pid), 10)
	for i := len(d); i < 6; i++ {
		b.WriteByte('0')
	}
	b.Write(d)
	return b.String()
}

// IDTime decodes the time and sequence number of a queue ID. The year is
// the one nearest to ref (the ID keeps it modulo 60).
func IDTime(id string, ref time.Time) (t time.Time, seq, pid int, err error) {
	if len(id) < 14 {
		return t, 0, 0, fmt.Errorf("queue ID %q: shorter than 14 characters", id)
	}
	var d [8]int
	for i := range 8 {
		d[i] = strings.IndexByte(idChars, id[i])
		if d[i] < 0 {
			return t, 0, 0, fmt.Errorf("queue ID %q: %q is not an ID character", id, id[i])
		}
	}
	for _, c := range id[8:] {
		if c < '0' || c > '9' {
			return t, 0, 0, fmt.Errorf("queue ID %q: process ID is not decimal", id)
		}
		pid = pid*10 + int(c-'0')
	}
	if d[1] > 11 || d[2] < 1 || d[2] > 31 || d[3] > 23 {
		return t, 0, 0, fmt.Errorf("queue ID %q: impossible date", id)
	}
	ry := ref.UTC().Year()
	y := ry - ((ry-1900)%60-d[0]+60)%60
	if y+30 < ry {
		y += 60
	}
	t = time.Date(y, time.Month(d[1]+1), d[2], d[3], d[4], d[5], 0, time.UTC)
	return t, d[6]*60 + d[7], pid, nil
}
