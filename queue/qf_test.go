package queue

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func TestFormatID(t *testing.T) {
	// 2026-11-25 19:04:47 UTC, sequence 33, pid 19571: an ID the
	// reference made.
	tm := time.Date(2026, 11, 25, 19, 4, 47, 0, time.UTC)
	if got := FormatID(tm, 33, 19571); got != "6APJ4l0X019571" {
		t.Fatalf("FormatID = %s", got)
	}
	back, seq, pid, err := IDTime("6APJ4l0X019571", tm.Add(-time.Hour))
	if err != nil || !back.Equal(tm) || seq != 33 || pid != 19571 {
		t.Fatalf("IDTime = %v %d %d %v", back, seq, pid, err)
	}
	g := &IDGen{Pid: 42, Now: func() time.Time { return tm }}
	seen := map[string]bool{}
	for range 100 {
		id := g.Next()
		if seen[id] || len(id) != 14 || !strings.HasSuffix(id, "000042") {
			t.Fatalf("bad or repeated ID %s", id)
		}
		seen[id] = true
	}
}

func TestParseReference(t *testing.T) {
	data, err := os.ReadFile("testdata/ref-basic.qf")
	if err != nil {
		t.Fatal(err)
	}
	e, err := Parse(bytes.NewReader(data), "ref-basic.qf")
	if err != nil {
		t.Fatal(err)
	}
	if e.Version != 8 || e.Sender != "sender@example.com" || e.Auth != "sender@example.com" ||
		e.Flags != "bs" || len(e.Recipients) != 1 || e.Recipients[0].Address != "rcpt@example.com" ||
		e.Recipients[0].Flags != "PFD" || e.Recipients[0].FinalRcpt != "RFC822; rcpt@example.com" {
		t.Fatalf("parsed %+v", e)
	}
	if v, _ := e.Macro("daemon_flags"); v != "c u" {
		t.Errorf("${daemon_flags} = %q", v)
	}
	if v, _ := e.Macro("_"); v != "root@localhost" {
		t.Errorf("$_ = %q", v)
	}
	if h := e.Headers[1]; h.Name != "Received" || !strings.Contains(h.Value, "\n\tby mx.example.com") {
		t.Errorf("folded header %+v", h)
	}
	if h := e.Headers[0]; !h.HasCond || h.Cond != "P" || h.Value != " <\x81g>" {
		t.Errorf("Return-Path %+v", h)
	}
	if out := e.Bytes(); !bytes.Equal(out, data) {
		t.Errorf("rewrite differs:\n%s\nwant\n%s", out, data)
	}
}

func TestRoundTripAll(t *testing.T) {
	e := &Envelope{
		Version: 8, Created: 1700000000, LastAttempt: 1700000100, Tries: 2, Priority: 120000,
		DataDir: "q2", DataInode: &Inode{8, 1, 1234}, BodyType: "8BITMIME", Quarantine: "held",
		Message: "Deferred: Connection refused", Flags: "w8bdns",
		Macros: []Macro{{"r", "ESMTP"}, {"s", "client.example"}, {"daemon_flags", ""}},
		Sender: "<a@b.example>", EnvID: "env1", Auth: "a+2Bb@c", DeliverBy: &DeliverBy{'N', 3600},
		Recipients: []Recipient{
			{Flags: "PN", Address: "x@y.example", Message: "User unknown", ORcpt: "rfc822;x@y.example"},
			{Flags: "PSFDA", Address: "|/bin/prog", Ctl: &Controller{User: "joe", UID: 1000, GID: 1000, HasIDs: true, Alias: "list"}},
			{Flags: "P", Address: "/tmp/file", Ctl: &Controller{Alias: "root-alias"}},
			{Flags: "B", Address: "z@y.example"},
		},
		Headers: []Header{{HasCond: true, Name: "X-A", Value: " one\n\ttwo"}, {Name: "Subject", Value: " hi"}},
	}
	data := e.Bytes()
	back, err := Parse(bytes.NewReader(data), "rt")
	if err != nil {
		t.Fatal(err)
	}
	if again := back.Bytes(); !bytes.Equal(again, data) {
		t.Fatalf("round trip differs:\n%s\nvs\n%s", again, data)
	}
	for _, want := range []string{"C\n", "Cjoe:1000:1000:list\n", "C:root-alias\n", "!N 3600\n", "I8/1/1234\n", "dq2\n"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("no %q in\n%s", want, data)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for in, want := range map[string]string{
		"V8\nT1\nXbad\n.\n":     "f:3: unknown record",
		"V8\nT1\n":              "f:2: no closing",
		"V8\n.\nSx\n":           "f:3: data after",
		"V9\n.\n":               "f:1: version 9",
		"V8\nTabc\n.\n":         "f:2: T record",
		"V8\nB9BIT\n.\n":        "f:2: bad body type",
		"V8\nAa=b\n.\n":         "f:2: AUTH=",
		"V8\nHnocolon\n.\n":     "f:2: H record",
		"V8\nH?P\n.\n":          "f:2: H record",
		"V8\nH??X: a\n\tb\nQ\n": "f:4: no closing",
	} {
		_, err := Parse(strings.NewReader(in), "f")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", in, err, want)
		}
	}
	if _, err := Parse(strings.NewReader(""), "f"); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty file: %v", err)
	}
}
