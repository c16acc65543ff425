package dsn

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files of the synthetic cases")

const (
	host    = "mx.example.com"
	version = "8.17.1.9/8.17.1.9/Debian-2+deb12u2"
)

// at parses a date as Date writes it, in UTC.
func at(s string) time.Time {
	t, err := time.Parse("Mon, 2 Jan 2006 15:04:05 GMT", s)
	if err != nil {
		panic(err)
	}
	return t
}

// original is a message as the reference queues it for local submission by
// root with -f hold: the header lines its .cf adds, then Subject and body.
func original(id, forRcpt, date, subject, body string) []byte {
	f := ";\n\t"
	if forRcpt != "" {
		f = "\n\tfor " + forRcpt + "; "
	}
	return []byte("Return-Path: <hold>\nReceived: (from root@localhost)\n\tby mx.example.com (" + version +
		") id " + id + f + date + "\nDate: " + date + "\nFrom: hold\nMessage-Id: <" +
		at(date).Format("200601021504") + "." + id + "@mx.example.com>\nSubject: " + subject + "\n\n" + body)
}

// local is a Report as the reference makes it for a local submission.
func local(bounceID, now, arrival string, orig []byte, rcpts ...Recipient) *Report {
	return &Report{
		HostName: host, Now: at(now), ArrivalDate: at(arrival), ReceivedFrom: "root@localhost",
		Sender: "hold", ReturnFull: true, Original: orig, Recipients: rcpts, BounceID: bounceID,
		Version: version,
	}
}

func unknownUser(when string) Recipient {
	return Recipient{Original: "nosuchuser", Final: "nosuchuser@mx.example.com",
		Actual: "rfc822; nosuchuser@mx.example.com", Action: "failed", Status: "5.1.1",
		Diagnostic: "X-Unix; 550 5.1.1 User unknown", LastAttempt: at(when),
		Reason: "550 5.1.1 User unknown"}
}

func progExit(alias, code, status, reason, when string) Recipient {
	return Recipient{Original: `"|exit ` + code + `"`, Final: alias + "@mx.example.com",
		Actual: "X-Unix; |exit " + code, Action: "failed", Status: status,
		Diagnostic: "X-Unix; " + code, LastAttempt: at(when), Reason: reason, ExpandedFrom: alias}
}

const unknownTranscript = "550 5.1.1 nosuchuser... User unknown\n"

// referenceCases were made by the reference (sendmail 8.17.1.9, Debian) and
// copied from its queue (qf headers without Return-Path and Full-Name, df
// body): the golden files are its output, byte for byte.
func referenceCases() map[string]*Report {
	t1, t2 := "Tue, 1 Dec 2026 17:04:14 GMT", "Tue, 1 Dec 2026 17:04:15 GMT"
	cases := map[string]*Report{}

	r := local("6B1H4EBW004910", t1, t1, original("6B1H4EBV004910", "nosuchuser", t1, "x", "body\n"), unknownUser(t1))
	r.Transcript = unknownTranscript
	cases["single"] = r

	orig := []byte(strings.Replace(string(original("6B1H4E3r004919", "", t1, "multi", "body line\n")),
		"From: hold\n", "", 1))
	orig = bytes.Replace(orig, []byte("Subject: multi\n"), []byte("Subject: multi\nFrom: Someone <hold>\n"), 1)
	r = local("6B1H4E3s004919", t1, t1, orig,
		unknownUser(t1),
		Recipient{Original: "error:5.1.1:550 nope", Final: "err@mx.example.com",
			Actual: "rfc822; 5.1.1:550.nope@mx.example.com", Action: "failed", Status: "5.1.1",
			Diagnostic: "X-Unix; 550 5.1.1 User unknown", LastAttempt: at(t1),
			Reason: "550 5.1.1 User unknown", ExpandedFrom: "err"},
		progExit("ex67", "67", "5.1.1", "User unknown", t1),
		progExit("ex1", "1", "5.0.0", "1", t1),
		Recipient{Original: ":include:/nonexistent", Final: "bad@mx.example.com",
			Actual: "rfc822; /nonexistent@mx.example.com", Action: "failed", Status: "5.2.4",
			LastAttempt: at(t1), ExpandedFrom: "bad"})
	r.Transcript = unknownTranscript + "550 5.1.1 error:5.1.1:550 nope... User unknown\n" +
		"550 5.2.4 :include:/nonexistent... Cannot open /nonexistent: No such file or directory\n" +
		"550 5.1.1 \"|exit 67\"... User unknown\n554 5.3.0 unknown mailer error 1\n"
	cases["multi"] = r

	r = local("6B1H4EWT004930", t1, t1, original("6B1H4EWS004930", "", t1, "hdrs", "body\n"),
		unknownUser(t1), progExit("ex67", "67", "5.1.1", "User unknown", t1))
	r.ReturnFull = false
	r.Transcript = unknownTranscript + "550 5.1.1 \"|exit 67\"... User unknown\n"
	cases["hdrs"] = r

	r = local("6B1H4FuP005059", t2, t1, original("6B1H4Eih004940", "ex75", t1, "later", "body\n"),
		Recipient{Original: `"|exit 75"`, Final: "ex75@mx.example.com", Actual: "X-Unix; |exit 75",
			Action: "delayed", Status: "4.2.0", Diagnostic: "X-Unix; 75", LastAttempt: at(t2),
			WillRetryUntil: at(t1).Add(5 * 24 * time.Hour), ExpandedFrom: "ex75", Unlisted: true})
	r.Warning, r.WarnAfter = true, Interval(time.Second)
	r.Transcript = "\"|exit 75\"... Deferred: prog mailer (/bin/sh) exited with EX_TEMPFAIL\n" +
		"Warning: message still undelivered after " + Interval(time.Second) + "\n" +
		"Will keep trying until message is " + Interval(5*24*time.Hour) + " old\n"
	cases["warning"] = r

	r = local("6B1H4Fnh005066", t2, t2, original("6B1H4Fng005066", "dsnbox", t2, "rcpt", "body\n"),
		Recipient{Original: "/root/dsnwork/box/mbox", Final: "dsnbox@mx.example.com",
			Actual: "X-Unix; /root/dsnwork/box/mbox", Action: "delivered (to mailbox)", Status: "2.1.5",
			LastAttempt: at(t2), ExpandedFrom: "dsnbox"})
	r.Receipt, r.ReturnFull = true, false
	r.Transcript = "/root/dsnwork/box/mbox... Successfully delivered\n"
	cases["receipt"] = r

	remote := func(user string) Recipient {
		a := user + "@[127.0.0.2]"
		reply := "550 5.1.1 <" + a + ">... User unknown here"
		return Recipient{Original: a, Final: a, Actual: "rfc822; " + a, Action: "failed", Status: "5.1.1",
			RemoteMTA: "DNS; [127.0.0.2]", Diagnostic: "SMTP; " + reply, LastAttempt: at(t2), Reason: reply}
	}
	r = local("6B1H4FvA005088", t2, t2, original("6B1H4Fv9005088", "", t2, "remote", "body\n"),
		remote("bad1"), remote("bad2"))
	r.Transcript = "... while talking to [127.0.0.2]:\n>>> RCPT To:<temp1@[127.0.0.2]>\n" +
		"<<< 451 4.3.0 try again later\ntemp1@[127.0.0.2]... Deferred: 451 4.3.0 try again later\n" +
		">>> RCPT To:<bad2@[127.0.0.2]>\n<<< 550 5.1.1 <bad2@[127.0.0.2]>... User unknown here\n" +
		"550 5.1.1 bad2@[127.0.0.2]... User unknown\n>>> RCPT To:<bad1@[127.0.0.2]>\n" +
		"<<< 550 5.1.1 <bad1@[127.0.0.2]>... User unknown here\n550 5.1.1 bad1@[127.0.0.2]... User unknown\n"
	cases["remote"] = r

	r = local("6B1H4F7L005098", t2, t2, original("6B1H4F7K005098", "", t2, "nomime", "body\n"),
		unknownUser(t2), progExit("ex67", "67", "5.1.1", "User unknown", t2))
	r.NoMIME = true
	r.Transcript = unknownTranscript + "550 5.1.1 \"|exit 67\"... User unknown\n"
	cases["nomime"] = r

	r = local("6B1H4FCB005108", t2, t2, original("6B1H4FCA005108", "nosuchuser", t2, "nomime", "body\n"),
		unknownUser(t2))
	r.NoMIME, r.ReturnFull = true, false
	r.Transcript = unknownTranscript
	cases["nomimehdrs"] = r

	r = local("6B1H4FIu005117", t2, t2, original("6B1H4FIt005117", "nosuchuser", t2, "eight", "b\xc3\xa9dy\n"),
		unknownUser(t2))
	r.Transcript = unknownTranscript
	cases["eightbit"] = r

	r = local("6B1H4Fn0005126", t2, t2, original("6B1H4Fmw005126", "nosuchuser", t2, "pm", "body\n"),
		unknownUser(t2))
	r.QueueID = "6B1H4Fmw005126"
	r.Postmaster, r.ReturnFull = true, false
	r.Transcript = unknownTranscript
	cases["postmaster"] = r

	r = local("6B1H4FkT005139", t2, t2, original("6B1H4FkS005139", "nosuchuser", t2, "eh", "body"),
		unknownUser(t2))
	r.ErrorHeader = "This is the site error header.\nSecond line.\n"
	r.Transcript = unknownTranscript
	cases["errhdr"] = r

	// Received over SMTP by the daemon, with ENVID= and ORCPT=.
	t3, t4, t5 := "Tue, 1 Dec 2026 17:04:28 GMT", "Tue, 1 Dec 2026 17:04:29 GMT", "Tue, 1 Dec 2026 17:04:30 GMT"
	smtpOrig := "Return-Path: <hold@mx.example.com>\nReceived: from client.example.org (localhost [127.0.0.1])\n" +
		"\tby mx.example.com (" + version + ") with ESMTP id 6B1H4SgG008154;\n\t" + t4 + "\n" +
		"Date: " + t3 + "\nMessage-Id: <202612011704.6B1H4SgG008154@mx.example.com>\nSubject: daemon\n" +
		"From: hold@mx.example.com\n\nbody\n"
	ex67 := progExit("ex67", "67", "5.1.1", "User unknown", t5)
	ex67.ORCPT, ex67.ExpandedFrom = "rfc822;orig+x@example.net", "<ex67@mx.example.com>"
	ex1 := progExit("ex1", "1", "5.0.0", "1", t5)
	ex1.ORCPT, ex1.ExpandedFrom = "rfc822;first@example.net", "<ex1@mx.example.com>"
	r = local("6B1H4SgH008154", t5, t4, []byte(smtpOrig), ex67, ex1)
	r.Sender, r.ReceivedFrom, r.ReceivedFromMTA, r.ENVID = "<hold@mx.example.com>", "localhost [127.0.0.1]", "DNS; localhost", "env+id-123"
	r.Transcript = "550 5.1.1 \"|exit 67\"... User unknown\n554 5.3.0 unknown mailer error 1\n"
	cases["smtp"] = r
	return cases
}

// syntheticCases cover what the reference did not show us in one piece;
// their golden files are our own output, reviewed.
func syntheticCases() map[string]*Report {
	ny, _ := time.LoadLocation("America/New_York")
	now := time.Date(2026, 12, 1, 11, 56, 49, 0, ny)
	base := func() *Report {
		return &Report{QueueID: "6B1GunEx006430", HostName: host, Now: now, ArrivalDate: now.Add(-4 * time.Hour),
			ReceivedFrom: "mail.example.net [192.0.2.7]", ReceivedFromMTA: "DNS; mail.example.net",
			Sender: "<alice@example.net>", ReturnFull: true, BounceID: "6B1GunEy006430",
			Original: []byte("Subject: s\nContent-Transfer-Encoding: BINARY\n\nbody\n")}
	}
	long := "very" + strings.Repeat("-long", 50) + "@example.org"
	cases := map[string]*Report{}

	r := base()
	r.Warning, r.WarnAfter = true, Interval(4*time.Hour)
	r.Recipients = []Recipient{
		{Original: "<bob@example.org>", Final: "bob@example.org", Action: "delayed", Status: "4.4.1",
			RemoteMTA: "DNS; mx.example.org.", Diagnostic: "SMTP; 451 4.4.1 try later",
			LastAttempt: now.Add(-time.Minute), WillRetryUntil: now.Add(116 * time.Hour), Reason: "Deferred"},
		{Original: "<" + long + ">", Final: long, Action: "delayed", ExpandedFrom: "<list@example.net>"},
		{Original: "<carol@example.org>", Final: "carol@example.org", Action: "relayed (to non-DSN-aware mailer)",
			ORCPT: "rfc822;carol@example.org"},
		{Original: "<dave@example.org>", Final: "dave@example.org", Action: "expanded (to multi-recipient alias)"},
	}
	r.Transcript = "<bob@example.org>... Deferred: Connection refused by mx.example.org.\n" +
		"Warning: message still undelivered after 4 hours\nWill keep trying until message is 5 days old"
	cases["mixed"] = r

	r = base()
	r.Original, r.ReceivedFrom, r.ReceivedFromMTA, r.Version, r.From = nil, "", "", "", "Mailer <MAILER-DAEMON@mx.example.com>"
	r.Recipients = []Recipient{{Original: "x", Final: "x@mx.example.com", Action: "failed"}}
	cases["lost"] = r

	r = base()
	r.Original, r.NoMIME = nil, true
	r.Recipients = []Recipient{{Original: "x", Final: "x@mx.example.com", Action: "failed"}}
	cases["lostplain"] = r
	return cases
}

func TestGolden(t *testing.T) {
	for name, r := range referenceCases() {
		t.Run(name, func(t *testing.T) { golden(t, name, Build(r), false) })
	}
	for name, r := range syntheticCases() {
		t.Run(name, func(t *testing.T) { golden(t, name, Build(r), *update) })
	}
}

func golden(t *testing.T, name string, got []byte, write bool) {
	t.Helper()
	path := filepath.Join("testdata", name+".out")
	if write {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (first at line %d):\n%s", path, firstDiff(got, want), lineDiff(got, want))
	}
}

func firstDiff(a, b []byte) int {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return i + 1
		}
	}
	return min(len(al), len(bl)) + 1
}

// lineDiff shows the lines around the first difference.
func lineDiff(got, want []byte) string {
	n := firstDiff(got, want) - 1
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	var b strings.Builder
	for i := max(0, n-2); i < n+3; i++ {
		if i < len(g) {
			b.WriteString("ours: " + g[i] + "\n")
		}
		if i < len(w) {
			b.WriteString("want: " + w[i] + "\n")
		}
	}
	return b.String()
}

func TestDate(t *testing.T) {
	for _, c := range []struct {
		zone string
		want string
	}{
		{"UTC", "Tue, 1 Dec 2026 17:00:07 GMT"},
		{"Europe/Lisbon", "Tue, 1 Dec 2026 17:00:07 GMT"},
		{"America/New_York", "Tue, 1 Dec 2026 12:00:07 -0500"},
		{"Asia/Kolkata", "Tue, 1 Dec 2026 22:30:07 +0530"},
		{"America/St_Johns", "Tue, 1 Dec 2026 13:30:07 -0330"},
		{"Pacific/Kiritimati", "Wed, 2 Dec 2026 07:00:07 +1400"},
		{"Etc/GMT+12", "Tue, 1 Dec 2026 05:00:07 -1200"},
	} {
		loc, err := time.LoadLocation(c.zone)
		if err != nil {
			t.Skipf("no zoneinfo: %v", err)
		}
		if got := Date(time.Unix(1796144407, 0).In(loc)); got != c.want {
			t.Errorf("%s: got %q, want %q", c.zone, got, c.want)
		}
	}
}

// TestInterval: what the reference wrote for Timeout.queuereturn values.
func TestInterval(t *testing.T) {
	for d, want := range map[time.Duration]string{
		90 * time.Minute:    "1 hour, 30 minutes",
		26 * time.Hour:      "1 day, 2 hours",
		time.Minute:         "1 minute",
		4 * time.Hour:       "4 hours",
		3725 * time.Second:  "1 hour, 2 minutes, 5 seconds",
		7 * 24 * time.Hour:  "1 week",
		61 * time.Second:    "1 minute, 1 second",
		8 * 24 * time.Hour:  "1 week, 1 day",
		15 * 24 * time.Hour: "2 weeks, 1 day",
		5 * 24 * time.Hour:  "5 days",
		time.Second:         "1 second",
	} {
		if got := Interval(d); got != want {
			t.Errorf("Interval(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestShorten(t *testing.T) {
	for n := 200; n <= 206; n++ {
		s := strings.Repeat("a", n-1) + "z"
		got := shorten(s)
		if n < 203 && got != s || n >= 203 && (len(got) != 203 || got[100:103] != "..." || !strings.HasSuffix(got, "az")) {
			t.Errorf("shorten(%d bytes) = %q", n, got)
		}
	}
}
