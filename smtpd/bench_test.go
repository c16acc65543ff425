package smtpd

import (
	"fmt"
	"sync"
	"testing"
)

// BenchmarkSessions: messages accepted over 20 connections at once
// (queue-only delivery), one message a b.N.
func BenchmarkSessions(b *testing.B) {
	ts := startServer(b, "basic")
	const conns = 20
	var wg sync.WaitGroup
	per := (b.N + conns - 1) / conns
	b.ResetTimer()
	for i := 0; i < conns; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := dialB(b, ts.addr)
			c.cmd("EHLO client.example", "250")
			for j := 0; j < per; j++ {
				c.cmd("MAIL FROM:<a@good.example>", "250")
				c.cmd("RCPT TO:<alice>", "250")
				c.cmd("DATA", "354")
				c.cmd(fmt.Sprintf("Subject: %d\r\n\r\nbody\r\n.", j), "250")
			}
			c.cmd("QUIT", "221")
		}()
	}
	wg.Wait()
}
