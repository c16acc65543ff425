package mlog

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"testing"
)

func body(subject string) string { return "Subject: " + subject + "\n\nhello\n" }

func sendmail(in string, extra ...string) func(r *refEnv, args ...string) {
	return func(r *refEnv, args ...string) { r.run(in, append(args, extra...)...) }
}

// The failures run: a local user, an unknown one, a program deferring
// (exit 75) and one failing (exit 67), delivered at once, errors mailed.
func failuresWant() []Record {
	root := ctl("root")
	return []Record{
		&Note{ID: NoQueue, Text: "connect from root@localhost", MinLevel: 10, Sev: SevInfo},
		userErr("m", "nosuchuser", "User unknown"),
		to("m", "nosuchuser", nil, "local", "5.1.1", "User unknown").untried().replied("550 5.1.1 User unknown"),
		from("m", "root", 19, 4, "*", "root@localhost"),
		to("m", "daemon", root, "local", "2.0.0", "Sent"),
		to("m", `"|cat >/dev/null; exit 75"`, aliasCtl("defer"), "prog", "4.0.0", "Deferred: prog mailer (/bin/sh) exited with EX_TEMPFAIL"),
		to("m", `"|cat >/dev/null; exit 67"`, aliasCtl("nouser67"), "prog", "5.1.1", "User unknown"),
		notice("m", "b", KindDSN, "User unknown"),
		to("b", "root", nil, "local", "2.0.0", "Sent"),
		&Done{ID: "b", NTries: 1},
	}
}

func TestReference(t *testing.T) {
	r := newRefEnv(t)
	scenarios := []scenario{{
		name: "local",
		run:  sendmail("Subject: t1\nMessage-Id: <t1@example.com>\n\nhello\n", "-odi", "daemon"),
		want: func() []Record {
			return []Record{
				from("m", "root", 48, 1, "<t1@example.com>", "root@localhost"),
				to("m", "daemon", ctl("root"), "local", "2.0.0", "Sent"),
			}
		},
	}, {
		name: "failures",
		run:  sendmail(body("t2"), "-odi", "-oem", "daemon", "nosuchuser", "defer", "nouser67"),
		want: failuresWant,
	}}
	for _, l := range []int{3, 4, 5, 6, 7, 8, 10} {
		scenarios = append(scenarios, scenario{
			name:     fmt.Sprintf("level%d", l),
			level:    l,
			noGolden: l != 10,
			run:      sendmail(body("t2"), "-odi", "-oem", "daemon", "nosuchuser", "defer", "nouser67"),
			want:     failuresWant,
		})
	}
	scenarios = append(scenarios, scenario{
		name:  "queued",
		level: 10,
		run: func(r *refEnv, args ...string) {
			r.run(body("t3"), append(args, "-odq", "daemon")...)
			r.run("", append(args, "-qf")...)
		},
		want: func() []Record {
			return []Record{
				&Note{ID: NoQueue, Text: "connect from root@localhost", MinLevel: 10, Sev: SevInfo},
				from("m", "root", 19, 1, "*", "root@localhost"),
				to("m", "daemon", nil, "local", "", "queued").untried(),
				to("m", "daemon", ctl("root"), "local", "2.0.0", "Sent"),
				&Done{ID: "m", NTries: 1},
			}
		},
	}, scenario{
		name: "remote",
		run: sendmail(body("t4"), "-odi", "-oem", "ok1@remote.example.net", "tmp1@remote.example.net",
			"bad1@remote.example.net", "ok2@remote.example.net"),
		want: func() []Record {
			root := ctl("root")
			return []Record{
				from("m", "root", 19, 4, "*", "root@localhost"),
				to("m", "bad1@remote.example.net", root, "esmtp", "5.1.1", "User unknown").via("[127.0.0.1]", "127.0.0.1").
					replied("550 5.1.1 <bad1@remote.example.net>: Recipient address rejected: User unknown"),
				to("m", "tmp1@remote.example.net", root, "esmtp", "4.3.0", "Deferred: 451 4.2.0 <tmp1@remote.example.net> try again later").
					via("[127.0.0.1]", "127.0.0.1").replied("451 4.2.0 <tmp1@remote.example.net> try again later"),
				to("m", "ok2@remote.example.net,ok1@remote.example.net", root, "esmtp", "2.0.0", "Sent (2.0.0 Ok: queued as ABC123)").
					via("[127.0.0.1]", "127.0.0.1"),
				notice("m", "b", KindDSN, "User unknown"),
				to("b", "root", nil, "local", "2.0.0", "Sent"),
			}
		},
	}, scenario{
		name: "refused",
		run: func(r *refEnv, args ...string) {
			r.run(body("t5"), append(args, "-odi", "-oem", "joe@dead.example.net", "jane@dead.example.net")...)
			r.run("", append(args, "-qf")...)
		},
		want: func() []Record {
			root := ctl("root")
			refused := "Deferred: Connection refused by [127.0.0.1]"
			return []Record{
				from("m", "root", 19, 2, "*", "root@localhost"),
				to("m", "jane@dead.example.net,joe@dead.example.net", root, "smtp", "4.4.1", refused).via("[127.0.0.1]", "127.0.0.1"),
				// the host status cache says it is down: no connection, no address
				to("m", "jane@dead.example.net,joe@dead.example.net", root, "smtp", "4.4.1", refused).via("[127.0.0.1]", ""),
			}
		},
	}, scenario{
		name: "bs",
		run: func(r *refEnv, args ...string) {
			cmd := r.command(append(args, "-bs", "-odi")...)
			in, _ := cmd.StdinPipe()
			out, _ := cmd.StdoutPipe()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			dialogue(t, bufio.NewWriter(in), bufio.NewReader(out), "EHLO client.example.org",
				"MAIL FROM:<daemon@mx.example.com>", "RCPT TO:<root@mx.example.com>", "RCPT TO:<nosuch@mx.example.com>",
				"RCPT TO:<nouser67@mx.example.com>", "DATA", "Subject: s1\nMessage-ID: <s1@client.example.org>\n\nhi\n.", "QUIT")
			in.Close()
			cmd.Wait()
		},
		want: func() []Record {
			a := from("m", "<daemon@mx.example.com>", 52, 2, "<s1@client.example.org>", "root@localhost")
			a.Proto = "ESMTP"
			return []Record{
				userErr("m", "<nosuch@mx.example.com>", "User unknown"),
				a,
				to("m", "<root@mx.example.com>", ctlAs("<daemon@mx.example.com>", "daemon"), "local", "2.0.0", "Sent"),
				to("m", `"|cat >/dev/null; exit 67"`, aliasCtl("<nouser67@mx.example.com>"), "prog", "5.1.1", "User unknown"),
				notice("m", "b", KindDSN, "User unknown"),
				to("b", "<daemon@mx.example.com>", nil, "local", "2.0.0", "Sent"),
			}
		},
	}, scenario{
		name: "daemon",
		run: func(r *refEnv, args ...string) {
			port := r.startDaemon(append(args, "-odi")...)
			c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
			if err != nil {
				t.Fatal(err)
			}
			dialogue(t, bufio.NewWriter(c), bufio.NewReader(c), "EHLO client.example.org",
				"MAIL FROM:<daemon@mx.example.com> BODY=8BITMIME", "RCPT TO:<root@mx.example.com>", "RCPT TO:<nosuch@mx.example.com>",
				"RCPT TO:<joe@dead.example.net>", "DATA", "Subject: s2\nMessage-ID: <s2@client.example.org>\n\nhi\n.", "QUIT")
			c.Close()
			r.wait(5) // the child's lines
			r.stopDaemon()
		},
		skip: func(m string) bool {
			// the daemon's start and the test's probe of its port
			return strings.HasPrefix(m, "starting daemon") || strings.Contains(m, "did not issue MAIL")
		},
		want: func() []Record {
			a := from("m", "<daemon@mx.example.com>", 52, 2, "<s2@client.example.org>", "localhost [127.0.0.1]")
			a.BodyType, a.Proto, a.Daemon = "8BITMIME", "ESMTP", "MTA"
			c := ctlAs("<daemon@mx.example.com>", "daemon")
			return []Record{
				userErr("m", "<nosuch@mx.example.com>", "User unknown"),
				a,
				to("m", "<root@mx.example.com>", c, "local", "2.0.0", "Sent"),
				to("m", "<joe@dead.example.net>", c, "smtp", "4.4.1", "Deferred: Connection refused by [127.0.0.1]").via("[127.0.0.1]", "127.0.0.1"),
			}
		},
	})
	scenarios = append(scenarios, scenario{
		name: "tls",
		run: func(r *refEnv, args ...string) {
			r.startPeer()
			r.run(body("t6"), append(args, "-odi", "-oem", "-f", "someone@sender.example.net", "ok@tls.example.net")...)
			r.wait(7)
			r.stopDaemon()
		},
		skip: func(m string) bool {
			return strings.HasPrefix(m, "starting daemon") || strings.Contains(m, "did not issue MAIL")
		},
		want: func() []Record {
			return []Record{
				from("m", "someone@sender.example.net", 19, 1, "*", "root@localhost"),
				&TLS{Role: "client", Relay: "[127.0.0.1]", Version: "*", Verify: "OK"},
				to("m", "ok@tls.example.net", ctlAs("someone@sender.example.net", "root"), "relay", "2.0.0", "*").via("[127.0.0.1]", "127.0.0.1"),
			}
		},
		peerWant: func() []Record {
			a := from("p", "<someone@sender.example.net>", -1, 1, "*", "localhost [127.0.0.1]")
			a.Proto, a.Daemon = "ESMTPS", "PEER"
			return []Record{
				&TLS{Role: "server", Relay: "localhost [127.0.0.1]", Version: "*", Verify: "OK"},
				a,
				to("p", "<ok@tls.example.net>", nil, "esmtp", "", "queued").untried(),
			}
		},
	})
	for _, sc := range scenarios {
		r.check(sc)
	}
}
