package dsn

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzBuild: Build never panics, whatever the strings, and what it writes
// is a header, an empty line and a body ending in a line break, with every
// part of a MIME notification closed.
func FuzzBuild(f *testing.F) {
	f.Add("mx.example.com", "6B1H4EBW004910", "hold", "nosuchuser", "rfc822;a@b", "failed", "5.1.1",
		"DNS; mx.", "SMTP; 550 nope", "550 5.1.1 User unknown", "ex67", "550 5.1.1 nosuchuser... User unknown\n",
		[]byte("Subject: x\n\nbody\n"), int64(1796144654), uint8(0))
	f.Add("", "", "", "", "", "", "", "", "", "", "", "", []byte(nil), int64(0), uint8(0xff))
	f.Add(strings.Repeat("h", 300), "id", "<a@b>", strings.Repeat("x", 250), ";", "delivered (to mailing list)", "",
		"x", "y", strings.Repeat("r", 210), strings.Repeat("e", 203), "no newline",
		[]byte("Content-Transfer-Encoding: binary\n\tfolded\n\nb\xe9dy"), int64(-62135596800), uint8(0x15))
	f.Fuzz(func(t *testing.T, host, id, sender, orig, orcpt, action, status, mta, diag, reason, alias, transcript string,
		original []byte, unix int64, flags uint8) {
		now := time.Unix(unix%(1<<40), 0).In(time.FixedZone("", int(unix%50000)))
		r := &Report{HostName: host, BounceID: id, QueueID: id, Sender: sender, Now: now,
			ArrivalDate: now.Add(-time.Hour), ReceivedFrom: orig, ReceivedFromMTA: mta, ENVID: orcpt,
			Warning: flags&1 != 0, Receipt: flags&2 != 0, Postmaster: flags&4 != 0, ReturnFull: flags&8 != 0,
			NoMIME: flags&16 != 0, EightBit: flags&32 != 0, WarnAfter: Interval(time.Duration(unix)),
			Original: original, Transcript: transcript, ErrorHeader: reason, Version: alias,
			Recipients: []Recipient{
				{Original: orig, ORCPT: orcpt, Final: orig, Actual: orcpt, Action: action, Status: status,
					RemoteMTA: mta, Diagnostic: diag, Reason: reason, ExpandedFrom: alias,
					WillRetryUntil: now, Unlisted: flags&64 != 0},
				{Original: alias, Final: reason, Action: "failed"},
			}}
		if flags&128 != 0 {
			r.Original = nil
		}
		out := Build(r)
		if !bytes.HasSuffix(out, []byte("\n")) {
			t.Fatalf("no final line break: %q", out)
		}
		if !bytes.Contains(out, []byte("\n\n")) {
			t.Fatalf("no end of header: %q", out)
		}
		if !r.NoMIME {
			b := id + "." + strconv.FormatInt(now.Unix(), 10) + "/" + cut(host, 100)
			if !bytes.HasSuffix(out, []byte("\n--"+b+"--\n\n")) {
				t.Fatalf("not closed by --%s--: %q", b, out)
			}
		}
	})
}
