package mlog

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// seq names n recipients prefix01-suffix ... (reversed: the order the
// reference logs the recipients of one SMTP transaction in).
func seq(n int, f func(i int) string) string {
	var r []string
	for i := n; i >= 1; i-- {
		r = append(r, f(i))
	}
	return strings.Join(r, ",")
}

func args(list string) []string { return strings.Split(list, ",") }

func reversed(list string) []string {
	a := args(list)
	for i, j := 0, len(a)-1; i < j; i, j = i+1, j-1 {
		a[i], a[j] = a[j], a[i]
	}
	return a
}

var errWords = func() string {
	var w []string
	for i := 1; i <= 50; i++ {
		w = append(w, fmt.Sprintf("w%02d", i))
	}
	return strings.Join(w, " ")
}()

func TestReferenceLimits(t *testing.T) {
	r := newRefEnv(t)
	root := ctl("root")
	prog75 := `"|cat >/dev/null; exit 75"`
	deferred := "Deferred: prog mailer (/bin/sh) exited with EX_TEMPFAIL"
	many := seq(40, func(i int) string { return fmt.Sprintf("ok%02d-abcdefghijklmnopqrstuvwxyz@remote.example.net", i) })
	e8 := strings.Repeat("\xe9", 20)
	many8 := seq(20, func(i int) string { return fmt.Sprintf("ok%02d%s@remote.example.net", i+9, e8) })
	long245 := strings.Repeat("\xe9", 245)
	longSender := strings.Repeat("s", 150) + "@example.org"
	longMsgID := "<" + strings.Repeat("m", 400) + "@example.org>"
	cutSender := strings.Repeat("s", 240) + "@e.org"
	scenarios := []scenario{{
		name: "delays",
		run: func(r *refEnv, a ...string) {
			r.run(body("d1"), append(a, "-odq", "defer")...)
			r.backdate(26*time.Hour + 3*time.Minute + 4*time.Second)
			r.run("", append(a, "-qf")...)
			r.backdate(5 * 24 * time.Hour)
			r.run("", append(a, "-qf")...)
		},
		want: func() []Record {
			return []Record{
				from("m", "root", 19, 1, "*", "root@localhost"),
				to("m", prog75, nil, "prog", "", "queued").untried(),
				to("m", prog75, aliasCtl("defer"), "prog", "4.0.0", deferred),
				notice("m", "w", KindSender, "Warning: could not send message for past 4 hours"),
				to("w", "root", nil, "local", "2.0.0", "Sent"),
				to("m", prog75, aliasCtl("defer"), "prog", "4.0.0", deferred),
				notice("m", "b", KindSender, "Cannot send message for 5 days"),
				to("b", "root", nil, "local", "2.0.0", "Sent"),
			}
		},
	}, {
		name: "timeout",
		run: func(r *refEnv, a ...string) {
			r.run(body("d2"), append(a, "-odq", "defer")...)
			r.backdate(6 * 24 * time.Hour)
			r.run("", append(a, "-qf")...)
		},
		want: func() []Record {
			return []Record{
				from("m", "root", 19, 1, "*", "root@localhost"),
				to("m", prog75, nil, "prog", "", "queued").untried(),
				to("m", prog75, aliasCtl("defer"), "prog", "4.0.0", deferred),
				notice("m", "b", KindDSN, "Cannot send message for 5 days"),
				to("b", "root", nil, "local", "2.0.0", "Sent"),
			}
		},
	}, {
		name:  "negative",
		level: 10,
		run: func(r *refEnv, a ...string) {
			r.run(body("d3"), append(a, "-odq", "daemon")...)
			r.backdate(-(26*time.Hour + 3*time.Minute + 4*time.Second))
			r.run("", append(a, "-qf")...)
		},
		want: func() []Record {
			return []Record{
				&Note{ID: NoQueue, Text: "connect from root@localhost", MinLevel: 10, Sev: SevInfo},
				from("m", "root", 19, 1, "*", "root@localhost"),
				to("m", "daemon", nil, "local", "", "queued").untried(),
				to("m", "daemon", root, "local", "2.0.0", "Sent"),
				&Done{ID: "m", NTries: 1},
			}
		},
	}, {
		name: "receipt",
		run:  sendmail(body("n1"), "-odi", "-oem", "-N", "success", "daemon"),
		want: func() []Record {
			return []Record{
				from("m", "root", 19, 1, "*", "root@localhost"),
				to("m", "daemon", root, "local", "2.0.0", "Sent"),
				notice("m", "b", KindDSN, "Return receipt"),
				to("b", "root", nil, "local", "2.0.0", "Sent"),
			}
		},
	}, {
		name: "pmcopy",
		run:  sendmail(body("n2"), "-odi", "-oem", "-OPostmasterCopy=bin", "nouser67", "p69"),
		want: func() []Record {
			return []Record{
				from("m", "root", 19, 2, "*", "root@localhost"),
				to("m", `"|cat >/dev/null; exit 67"`, aliasCtl("nouser67"), "prog", "5.1.1", "User unknown"),
				to("m", `"|cat >/dev/null; exit 69"`, aliasCtl("p69"), "prog", "5.0.0", "Service unavailable"),
				notice("m", "b", KindDSN, "Service unavailable"),
				to("b", "root", nil, "local", "2.0.0", "Sent"),
				notice("m", "p", KindPostmaster, "Service unavailable"),
				to("p", "bin", nil, "local", "2.0.0", "Sent"),
			}
		},
	}, {
		name: "doublebounce",
		run:  sendmail(body("n3"), "-odi", "-oem", "-f", "<>", "nouser67"),
		want: func() []Record {
			return []Record{
				from("m", "<>", 19, 1, "*", "root@localhost"),
				to("m", `"|cat >/dev/null; exit 67"`, aliasCtl("nouser67"), "prog", "5.1.1", "User unknown"),
				notice("m", "b", KindPostmaster, "User unknown"),
				to("b", "root", nil, "local", "2.0.0", "Sent"),
			}
		},
	}, {
		name: "longsender",
		run:  sendmail("Subject: l1\nMessage-ID: "+longMsgID+"\n\nhello\n", "-odi", "-oem", "-f", longSender, "daemon"),
		want: func() []Record {
			return []Record{
				from("m", longSender, int64(32+len(longMsgID)), 1, longMsgID, "root@localhost"),
				to("m", "daemon", ctlAs(longSender, "root"), "local", "2.0.0", "Sent"),
			}
		},
	}, {
		name: "longfrom",
		run:  sendmail(body("l2"), "-odi", "-oem", "-f", cutSender, "daemon"),
		want: func() []Record {
			return []Record{
				from("m", cutSender, 19, 1, "*", "root@localhost"),
				to("m", "daemon", ctlAs(cutSender, "root"), "local", "2.0.0", "Sent"),
			}
		},
	}, {
		name: "longreply",
		run: func(r *refEnv, a ...string) {
			r.smtp.dataReply = "250 2.0.0 " + strings.Repeat("z", 300)
			defer func() { r.smtp.dataReply = "250 2.0.0 Ok: queued as ABC123" }()
			r.run(body("l3"), append(a, "-odi", "-oem", "long1@remote.example.net", "tlong1@remote.example.net", "ok@remote.example.net")...)
		},
		want: func() []Record {
			y := "451 4.2.0 " + strings.Repeat("y", 300)
			return []Record{
				from("m", "root", 19, 3, "*", "root@localhost"),
				to("m", "tlong1@remote.example.net", root, "esmtp", "4.3.0", "Deferred: "+y).via("[127.0.0.1]", "127.0.0.1").replied(y),
				to("m", "long1@remote.example.net", root, "esmtp", "5.1.1", "User unknown").via("[127.0.0.1]", "127.0.0.1").
					replied("550 5.7.1 " + strings.Repeat("x", 300)),
				to("m", "ok@remote.example.net", root, "esmtp", "2.0.0", "Sent (2.0.0 "+strings.Repeat("z", 300)+")").via("[127.0.0.1]", "127.0.0.1"),
				notice("m", "b", KindDSN, "User unknown"),
				to("b", "root", nil, "local", "2.0.0", "Sent"),
			}
		},
	}, {
		name: "longrelay",
		run:  sendmail(body("l4"), "-odi", "-oem", "ok@long.example.net"),
		want: func() []Record {
			return []Record{
				from("m", "root", 19, 1, "*", "root@localhost"),
				to("m", "ok@long.example.net", root, "esmtp", "2.0.0", "Sent (2.0.0 Ok: queued as ABC123)").via(longHost+".", "127.0.0.1"),
			}
		},
	}, {
		name: "more",
		run:  sendmail(body("l5"), append([]string{"-odi", "-oem"}, reversed(many)...)...),
		want: func() []Record {
			return []Record{
				from("m", "root", 19, 40, "*", "root@localhost"),
				to("m", many, root, "esmtp", "2.0.0", "Sent (2.0.0 Ok: queued as ABC123)").via("[127.0.0.1]", "127.0.0.1"),
			}
		},
	}, {
		name: "errlong",
		run:  sendmail(body("l6"), "-odi", "-oem", "x@errlong.example.net", "daemon"),
		want: func() []Record {
			e := "x@errlong.example.net... Go away " + errWords
			return []Record{
				userErr("m", "x@errlong.example.net", "Go away "+errWords),
				from("m", "root", 19, 1, "*", "root@localhost"),
				to("m", "daemon", root, "local", "2.0.0", "Sent"),
				notice("m", "b", KindDSN, e),
				to("b", "root", nil, "local", "2.0.0", "Sent"),
			}
		},
	}, {
		name: "escapes",
		run:  sendmail("Subject: e1\nMessage-ID: <a\\b\x01\x7f\r\t@b.example>\n\nhello\n", "-odi", "-oem", "-f", "j\xe9r@e.org", "daemon"),
		want: func() []Record {
			return []Record{
				from("m", "j\xe9r@e.org", 51, 1, "<a\\b\x01\x7f\r\t@b.example>", "root@localhost"),
				to("m", "daemon", ctlAs("j\xe9r@e.org", "root"), "local", "2.0.0", "Sent"),
			}
		},
	}, {
		name: "split",
		run:  sendmail(body("e2"), append([]string{"-odi", "-oem"}, reversed(many8)...)...),
		want: func() []Record {
			return []Record{
				from("m", "root", 19, 20, "*", "root@localhost"),
				to("m", many8, root, "esmtp", "2.0.0", "Sent (2.0.0 Ok: queued as ABC123)").via("[127.0.0.1]", "127.0.0.1"),
			}
		},
	}, {
		name: "hardcut",
		run:  sendmail(body("e3"), "-odi", "-oem", long245),
		want: func() []Record {
			return []Record{
				// the usrerr line drops the 8th bit of the address
				userErr("m", strings.Repeat("i", 245), "User unknown"),
				to("m", long245, nil, "local", "5.1.1", "User unknown").untried().replied("550 5.1.1 User unknown"),
				from("m", "root", 19, 1, "*", "root@localhost"),
				notice("m", "b", KindDSN, "User unknown"),
				to("b", "root", nil, "local", "2.0.0", "Sent"),
			}
		},
	}}
	scenarios = append(scenarios, splitScenarios()...)
	for _, sc := range scenarios {
		r.check(sc)
	}
}
