package mlog

import (
	"bytes"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// A scenario is a run of the reference and the records it is expected to
// log, in order. Record IDs are names ("m", "b") bound to the queue IDs
// the reference chose; "*" in a from= line's msgid takes the one it
// generated; pri, delay and xdelay values are taken from its lines (the
// test checks how they are written, not the arithmetic behind them).
type scenario struct {
	name  string
	level int    // LogLevel (-O); 0 is the .cf's 9
	tag   string // -L
	run   func(r *refEnv, args ...string)
	want  func() []Record
	skip  func(msg string) bool // lines of no interest
	// noGolden: the lines are kept in testdata by another scenario
	noGolden bool
	// peerWant: what the peer daemon (tag peerTag) logs
	peerWant func() []Record
}

// check runs sc and compares what the reference logged with what this
// package formats; with -update it writes the pairs to testdata.
func (r *refEnv) check(sc scenario) {
	r.t.Helper()
	level := sc.level
	if level == 0 {
		level = DefaultLevel
	}
	var args []string
	if sc.level != 0 {
		args = append(args, fmt.Sprintf("-OLogLevel=%d", sc.level))
	}
	if sc.tag != "" {
		args = append(args, "-L", sc.tag)
	}
	want := sc.want()
	var peerWant []Record
	if sc.peerWant != nil {
		peerWant = sc.peerWant()
	}
	n := 0
	for _, w := range append(want, peerWant...) {
		if w.Level() <= level {
			n += len(FormatTag(w, sc.tag))
		}
	}
	var got, peer []logLine
	for attempt := 1; ; attempt++ {
		r.clearQueue()
		r.take(0)
		sc.run(r, args...)
		got, peer = nil, nil
		for _, l := range r.take(n) {
			switch {
			case sc.skip != nil && sc.skip(l.msg):
			case l.tag == peerTag:
				peer = append(peer, l)
			default:
				got = append(got, l)
			}
		}
		// on a loaded host the reference now and then fails on its own
		// (a SYSERR: "putbody: write error: Broken pipe" to a program
		// that reads all its input): such a run says nothing of the
		// lines compared, and is made once more
		bad := syserr(got)
		if bad == "" || attempt == 2 || wantsSyserr(want, sc.tag) {
			break
		}
		r.t.Logf("%s: the reference logged %q: running it again", sc.name, bad)
	}
	binds := map[string]string{}
	r.compare(sc, sc.name, got, want, sc.tag, level, binds)
	if sc.peerWant != nil {
		r.compare(sc, sc.name+"-peer", peer, peerWant, peerTag, DefaultLevel, binds)
	}
}

// compare matches the lines got with those of the records want.
func (r *refEnv) compare(sc scenario, name string, got []logLine, want []Record, tag string, level int, binds map[string]string) {
	t := r.t
	t.Helper()
	var logged bytes.Buffer
	lg := NewWriter(&logged, level)
	lg.Tag = tag
	var gotText strings.Builder
	pos, seq := 0, 0
	for _, w := range want {
		if w.Level() > level {
			continue
		}
		if pos >= len(got) {
			t.Errorf("%s: missing: %q", name, FormatTag(w, tag))
			continue
		}
		var msgs []string
		for _, l := range got[pos:] {
			msgs = append(msgs, l.msg)
		}
		p, err := Parse(Join(msgs)[0])
		if err != nil {
			t.Errorf("%s: %q: %v", name, got[pos].msg, err)
			pos++
			continue
		}
		if err := fill(w, p, binds); err != nil {
			t.Errorf("%s: %q: %v", name, got[pos].msg, err)
		}
		lines := FormatTag(w, tag)
		var out strings.Builder
		for i, l := range lines {
			if pos+i >= len(got) {
				t.Errorf("%s: missing: %q", name, l)
				break
			}
			g := got[pos+i]
			if g.msg != l {
				t.Errorf("%s:\n got %q\nwant %q", name, g.msg, l)
			}
			if g.pri != facilityMail<<3|w.Severity() {
				t.Errorf("%s: %q: priority %d, want %d", name, l, g.pri, facilityMail<<3|w.Severity())
			}
			wantTag := tag
			if wantTag == "" {
				wantTag = "sendmail"
			}
			if g.tag != wantTag {
				t.Errorf("%s: tag %q, want %q", name, g.tag, wantTag)
			}
			if d := Datagram(w.Severity(), g.at, wantTag, g.pid, l); d != g.raw {
				t.Errorf("%s: datagram\n%q, we send\n%q", name, g.raw, d)
			}
			out.WriteString(g.msg + "\n")
			gotText.WriteString(g.msg + "\n")
		}
		pos += len(lines)
		lg.Log(w)
		seq++
		if *update && !sc.noGolden {
			writeGolden(t, fmt.Sprintf("%s.%02d", name, seq), w, tag, out.String())
		}
	}
	for _, l := range got[min(pos, len(got)):] {
		t.Errorf("%s: unexpected line %q", name, l.msg)
	}
	if pos == len(got) && logged.String() != gotText.String() {
		t.Errorf("%s: the Logger at level %d wrote\n%s\nthe reference\n%s", name, level, logged.String(), gotText.String())
	}
}

func writeGolden(t *testing.T, name string, r Record, tag, out string) {
	rec, err := marshal(latin1(r, false))
	if err != nil {
		t.Fatal(err)
	}
	g, _ := marshal(golden{Type: typeOf(r), Tag: tag, Record: rec})
	base := filepath.Join("testdata", name)
	if err := os.WriteFile(base+".in", g, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(base+".out", []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

// bind makes name (a record ID of a template) stand for id.
func bind(binds map[string]string, name *string, id string) error {
	if *name == "" {
		if id != "" {
			return fmt.Errorf("queue ID %s where none was expected", id)
		}
		return nil
	}
	v, ok := binds[*name]
	if !ok {
		for k, x := range binds {
			if x == id {
				return fmt.Errorf("queue ID %s is %s already, not %s", id, k, *name)
			}
		}
		binds[*name] = id
		v = id
	}
	if v != id {
		return fmt.Errorf("queue ID %s, want %s (%s)", id, v, *name)
	}
	*name = id
	return nil
}

// fill takes the values the test does not predict from the record parsed.
func fill(w, p Record, binds map[string]string) error {
	switch w := w.(type) {
	case *Acceptance:
		g, ok := p.(*Acceptance)
		if !ok {
			return fmt.Errorf("got %T, want a from= line", p)
		}
		if w.MsgID == "*" {
			w.MsgID = g.MsgID
		}
		if w.Size < 0 {
			w.Size = g.Size
		}
		return bind(binds, &w.ID, g.ID)
	case *Attempt:
		g, ok := p.(*Attempt)
		if !ok {
			return fmt.Errorf("got %T, want a to= line", p)
		}
		w.Pri, w.Delay = g.Pri, g.Delay
		if w.Stat == "*" {
			w.Stat = g.Stat
		}
		if w.XDelay != nil && g.XDelay != nil {
			*w.XDelay = *g.XDelay
		}
		return bind(binds, &w.ID, g.ID)
	case *Notice:
		g, ok := p.(*Notice)
		if !ok {
			return fmt.Errorf("got %T, want a notification", p)
		}
		if err := bind(binds, &w.ID, g.ID); err != nil {
			return err
		}
		return bind(binds, &w.NotifyID, g.NotifyID)
	case *Done:
		g, ok := p.(*Done)
		if !ok {
			return fmt.Errorf("got %T, want a done line", p)
		}
		w.Delay = g.Delay
		return bind(binds, &w.ID, g.ID)
	case *Note:
		return bind(binds, &w.ID, idOf(p))
	case *TLS:
		g, ok := p.(*TLS)
		if !ok {
			return fmt.Errorf("got %T, want a STARTTLS line", p)
		}
		if w.Version == "*" { // as the OpenSSL at hand negotiates
			w.Version, w.Cipher, w.Bits, w.AlgBits = g.Version, g.Cipher, g.Bits, g.AlgBits
		}
	}
	return nil
}

func idOf(r Record) string {
	switch r := r.(type) {
	case *Acceptance:
		return r.ID
	case *Attempt:
		return r.ID
	case *Notice:
		return r.ID
	case *Done:
		return r.ID
	case *Note:
		return r.ID
	}
	return ""
}

// Shorthands for the scenarios.

func from(id, sender string, size int64, nrcpts int, msgid, relay string) *Acceptance {
	return &Acceptance{ID: id, From: sender, Size: size, NRcpts: nrcpts, MsgID: msgid, Relay: relay}
}

func to(id, rcpts string, ctl *Ctladdr, mailer, dsn, stat string) *Attempt {
	return &Attempt{ID: id, To: strings.Split(rcpts, ","), Ctladdr: ctl, XDelay: Seconds(0), Mailer: mailer, DSN: dsn, Stat: stat}
}

func (a *Attempt) via(relay, addr string) *Attempt {
	a.Relay, a.RelayAddr = relay, addr
	return a
}

func (a *Attempt) replied(reply string) *Attempt {
	a.Reply = reply
	return a
}

func (a *Attempt) untried() *Attempt {
	a.XDelay = nil
	return a
}

func ctl(name string) *Ctladdr {
	u, err := user.Lookup(name)
	if err != nil {
		return &Ctladdr{Addr: name, NoIDs: true}
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &Ctladdr{Addr: name, UID: uid, GID: gid}
}

// ctlAs is a ctladdr with the ids of user name.
func ctlAs(addr, name string) *Ctladdr {
	c := ctl(name)
	c.Addr = addr
	return c
}

// aliasCtl is the ctladdr of a program alias: DefaultUser's uid (the
// aliases file belongs to root) and the file's gid.
func aliasCtl(alias string) *Ctladdr {
	c := ctl("mail")
	c.Addr, c.GID = alias, 0
	return c
}

func notice(id, nid, kind, text string) *Notice {
	return &Notice{ID: id, NotifyID: nid, Kind: kind, Text: text}
}

func userErr(id, addr, text string) *Note { return UserErr(id, addr, text) }

// syserr is the first SYSERR line among lines, or "".
func syserr(lines []logLine) string {
	for _, l := range lines {
		if strings.Contains(l.msg, "SYSERR") {
			return l.msg
		}
	}
	return ""
}

// wantsSyserr tells whether one of the records expected is a SYSERR.
func wantsSyserr(want []Record, tag string) bool {
	for _, w := range want {
		for _, l := range FormatTag(w, tag) {
			if strings.Contains(l, "SYSERR") {
				return true
			}
		}
	}
	return false
}
