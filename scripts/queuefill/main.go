// Command queuefill fills queue directories for `make bench`'s
// queue-runner benchmark (scripts/bench-queue.sh): -n messages of about
// -size bytes, each addressed to -rcpts recipients u1..uN@-domain, written
// as the control and data files the reference sendmail 8.17 writes for
//
//	sendmail -odq -f SENDER u1@DOMAIN ... uN@DOMAIN
//
// (same records in the same order, as package queue formats them), into
// every directory given as an argument. Each directory gets the same
// messages under the same queue IDs.
//
// Queueing 10,000 messages through the reference's own -odq takes a
// process, a look-up of the recipients' domain and an fsync each; this
// writes them without fsync (run sync(1) after it), so the queue is
// ready in seconds and only the queue runs are timed.
//
//	queuefill -n 10000 -rcpts 100 -domain peer.example qref qours
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gosendmail/gosendmail/queue"
)

func main() {
	n := flag.Int("n", 10000, "messages")
	rcpts := flag.Int("rcpts", 100, "recipients per message")
	domain := flag.String("domain", "peer.example", "recipients' domain")
	sender := flag.String("from", "bench@mx.example.com", "envelope sender")
	host := flag.String("host", "mx.example.com", "our host name ($j) in Received: and Message-Id:")
	size := flag.Int("size", 2000, "approximate message size in bytes, header included")
	flag.Parse()
	dirs := flag.Args()
	if len(dirs) == 0 || *n < 0 || *rcpts < 1 {
		fmt.Fprintln(os.Stderr, "usage: queuefill [-n N] [-rcpts R] [-domain D] [-size BYTES] QUEUEDIR...")
		os.Exit(2)
	}
	now := time.Now().UTC()
	date := now.Format("Mon, 2 Jan 2006 15:04:05 GMT")
	const line = "The quick brown fox jumps over the lazy dog, line by line.\n"
	body := []byte(strings.Repeat(line, max(1, (*size-400)/len(line))))
	for i := 0; i < *n; i++ {
		id := queue.FormatID(now, i%3600, 100000+i/3600)
		env := envelope(id, now, date, *sender, *host, *domain, *rcpts, i, len(body))
		qf := env.Bytes()
		for _, d := range dirs {
			if err := write(d, id, qf, body); err != nil {
				fmt.Fprintln(os.Stderr, "queuefill:", err)
				os.Exit(1)
			}
		}
	}
}

// envelope is the control file of message i, as the reference writes it
// for a message submitted on the command line with -odq.
func envelope(id string, now time.Time, date, sender, host, domain string, rcpts, i, bodyLen int) *queue.Envelope {
	subject := fmt.Sprintf("bench message %d", i)
	env := &queue.Envelope{
		Version: queue.Version,
		Created: now.Unix(),
		Flags:   "s",
		Macros: []queue.Macro{
			{Name: "_", Value: "root@localhost"},
			{Name: "daemon_flags", Value: "c u"},
		},
		Sender: sender,
		Auth:   sender,
	}
	for r := 1; r <= rcpts; r++ {
		a := fmt.Sprintf("u%d@%s", r, domain)
		env.Recipients = append(env.Recipients, queue.Recipient{
			Flags: "PFD", Address: a, FinalRcpt: "RFC822; " + a,
		})
	}
	stamp := now.Format("200601021504")
	env.Headers = []queue.Header{
		{HasCond: true, Cond: "P", Name: "Return-Path", Value: " <\x81g>"},
		{HasCond: true, Name: "Received", Value: fmt.Sprintf(" (from root@localhost)\n\tby %s (8.17.1.9/8.17/gosendmail) id %s;\n\t%s", host, id, date)},
		{HasCond: true, Cond: "D", Name: "Date", Value: " " + date},
		{HasCond: true, Cond: "F", Name: "From", Value: " " + sender},
		{HasCond: true, Cond: "M", Name: "Message-Id", Value: fmt.Sprintf(" <%s.%s@%s>", stamp, id, host)},
		{HasCond: true, Name: "Subject", Value: " " + subject},
	}
	// sendmail's priority: the message's size plus RecipientFactor
	// (30000) for each recipient.
	env.Priority = int64(len("Subject: \n\n")+len(subject)+bodyLen) + 30000*int64(rcpts)
	return env
}

// write puts one message into dir: the data file first, then the control
// file that points to it, written as a tf and renamed into place as
// sendmail does (no fsync: the caller syncs once at the end).
func write(dir, id string, qf, body []byte) error {
	sub := func(typ string) string {
		if st, err := os.Stat(filepath.Join(dir, typ)); err == nil && st.IsDir() {
			return filepath.Join(dir, typ)
		}
		return dir
	}
	if err := os.WriteFile(filepath.Join(sub("df"), "df"+id), body, 0o600); err != nil {
		return err
	}
	qd := sub("qf")
	tf := filepath.Join(qd, "tf"+id)
	if err := os.WriteFile(tf, qf, 0o600); err != nil {
		return err
	}
	return os.Rename(tf, filepath.Join(qd, "qf"+id))
}
