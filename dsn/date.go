package dsn

import (
	"strconv"
	"strings"
	"time"
)

// Date formats t as sendmail's arpadate does, in t's Location: "Tue, 1 Dec
// 2026 11:56:49 -0500", with "GMT" in place of a zero offset.
func Date(t time.Time) string {
	s := t.Format("Mon, 2 Jan 2006 15:04:05 ")
	_, off := t.Zone()
	if off == 0 {
		return s + "GMT"
	}
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	off /= 60
	hhmm := off/60*100 + off%60
	return s + string(sign) + strconv.Itoa(10000 + hhmm)[1:]
}

// Interval writes d as sendmail writes the queue timeouts in its
// notifications: weeks, days, hours, minutes and seconds that are not zero,
// separated by ", ", e.g. "4 hours", "5 days", "1 week, 1 day", "1 hour,
// 2 minutes, 5 seconds". Fractions of a second are dropped; zero is "0
// seconds".
func Interval(d time.Duration) string {
	s := int64(d / time.Second)
	if s < 0 {
		s = -s
	}
	units := []struct {
		name string
		secs int64
	}{{"week", 7 * 86400}, {"day", 86400}, {"hour", 3600}, {"minute", 60}, {"second", 1}}
	var parts []string
	for _, u := range units {
		n := s / u.secs
		s %= u.secs
		if n == 0 {
			continue
		}
		p := strconv.FormatInt(n, 10) + " " + u.name
		if n != 1 {
			p += "s"
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return "0 seconds"
	}
	return strings.Join(parts, ", ")
}
