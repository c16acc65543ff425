// Command smtpload is the load generator of `make bench` for the SMTP
// server: it sends -n messages over -c concurrent connections (several
// messages per connection, RSET-free: one transaction after another) to
// an SMTP server and prints the rate and the latency of the final reply
// (from the end of DATA to the "250"), as one line:
//
//	msgs=20000 conns=20 secs=12.3 rate=1626.0/s p50=9.1ms p99=31.0ms errors=0
//
// It speaks plain SMTP over TCP with a small client of its own, so that
// what it measures is the server, not a client library.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"net"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:2525", "server address")
	n := flag.Int("n", 20000, "messages to send")
	c := flag.Int("c", 20, "concurrent connections")
	per := flag.Int("per", 100, "messages per connection before QUIT")
	rcpt := flag.String("rcpt", "root", "recipient")
	from := flag.String("from", "load@example.com", "sender")
	size := flag.Int("size", 2000, "approximate message size in bytes")
	flag.BoolVar(&pipelining, "pipelining", false, "send MAIL, RCPT and DATA together (RFC 2920), as MTAs do when the server offers PIPELINING")
	flag.Parse()

	body := strings.Repeat("This is a line of the load generator's message body.\r\n", *size/55+1)
	var next int64 = -1
	var errs int64
	lat := make([][]time.Duration, *c)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < *c; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for {
				cl, err := dial(*addr)
				if err != nil {
					atomic.AddInt64(&errs, 1)
					time.Sleep(50 * time.Millisecond)
					if atomic.LoadInt64(&next) >= int64(*n) {
						return
					}
					continue
				}
				for k := 0; k < *per; k++ {
					i := atomic.AddInt64(&next, 1)
					if i >= int64(*n) {
						cl.quit()
						return
					}
					d, err := cl.send(*from, *rcpt, fmt.Sprintf("Subject: load %d\r\n\r\n%s", i, body))
					if err != nil {
						atomic.AddInt64(&errs, 1)
						fmt.Fprintln(os.Stderr, "smtpload:", err)
						break
					}
					lat[w] = append(lat[w], d)
				}
				cl.quit()
			}
		}(w)
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	pct := func(p float64) time.Duration {
		if len(all) == 0 {
			return 0
		}
		return all[int(p*float64(len(all)-1))]
	}
	fmt.Printf("msgs=%d conns=%d secs=%.2f rate=%.1f/s p50=%.1fms p99=%.1fms errors=%d\n",
		len(all), *c, secs, float64(len(all))/secs,
		float64(pct(0.50).Microseconds())/1000, float64(pct(0.99).Microseconds())/1000, errs)
	if errs > 0 {
		os.Exit(1)
	}
}

var pipelining bool

type client struct {
	conn net.Conn
	r    *bufio.Reader
	w    *bufio.Writer
}

func dial(addr string) (*client, error) {
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return nil, err
	}
	c := &client{conn: conn, r: bufio.NewReader(conn), w: bufio.NewWriter(conn)}
	if _, err := c.reply(220); err != nil {
		conn.Close()
		return nil, err
	}
	if err := c.cmd(250, "EHLO load.example.com"); err != nil {
		conn.Close()
		return nil, err
	}
	return c, nil
}

// reply reads one (possibly multi-line) reply and checks its code.
func (c *client) reply(want int) (string, error) {
	c.conn.SetReadDeadline(time.Now().Add(60 * time.Second))
	var last string
	for {
		l, err := c.r.ReadString('\n')
		if err != nil {
			return "", err
		}
		last = strings.TrimRight(l, "\r\n")
		if len(last) < 4 || last[3] != '-' {
			break
		}
	}
	if !strings.HasPrefix(last, fmt.Sprint(want)) {
		return last, fmt.Errorf("got %q, want %d", last, want)
	}
	return last, nil
}

func (c *client) cmd(want int, line string) error {
	c.w.WriteString(line + "\r\n")
	if err := c.w.Flush(); err != nil {
		return err
	}
	_, err := c.reply(want)
	return err
}

// send runs one transaction and returns the time from the end of the
// data to the final reply.
func (c *client) send(from, rcpt, msg string) (time.Duration, error) {
	if pipelining {
		c.w.WriteString("MAIL FROM:<" + from + ">\r\nRCPT TO:<" + rcpt + ">\r\nDATA\r\n")
		if err := c.w.Flush(); err != nil {
			return 0, err
		}
		for _, want := range []int{250, 250, 354} {
			if _, err := c.reply(want); err != nil {
				return 0, err
			}
		}
		return c.body(msg)
	}
	if err := c.cmd(250, "MAIL FROM:<"+from+">"); err != nil {
		return 0, err
	}
	if err := c.cmd(250, "RCPT TO:<"+rcpt+">"); err != nil {
		return 0, err
	}
	if err := c.cmd(354, "DATA"); err != nil {
		return 0, err
	}
	return c.body(msg)
}

// body sends the message and its end, and times the final reply.
func (c *client) body(msg string) (time.Duration, error) {
	c.w.WriteString(msg)
	c.w.WriteString(".\r\n")
	t := time.Now()
	if err := c.w.Flush(); err != nil {
		return 0, err
	}
	if _, err := c.reply(250); err != nil {
		return 0, err
	}
	return time.Since(t), nil
}

func (c *client) quit() {
	c.w.WriteString("QUIT\r\n")
	c.w.Flush()
	c.reply(221)
	c.conn.Close()
}
