package maps

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func mustOpen(t *testing.T, kline string, env *Env) Map {
	t.Helper()
	s, err := ParseKLine(kline)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Open(s, env)
	if err != nil {
		t.Fatalf("%s: %v", kline, err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

type lk struct {
	key   string
	args  []string
	want  string
	found bool
	temp  bool
}

func checkLookups(t *testing.T, m Map, cases []lk) {
	t.Helper()
	for _, c := range cases {
		v, ok, err := m.Lookup(c.key, c.args)
		if IsTemp(err) != c.temp || (!c.temp && err != nil) {
			t.Errorf("%s: Lookup(%q, %q): err %v, want temp=%v", m.Spec().Name, c.key, c.args, err, c.temp)
			continue
		}
		if v != c.want || ok != c.found {
			t.Errorf("%s: Lookup(%q, %q) = %q, %v; want %q, %v", m.Spec().Name, c.key, c.args, v, ok, c.want, c.found)
		}
	}
}

func TestParseKLine(t *testing.T) {
	s, err := ParseKLine(`Kvirt hash -o -N -a.FOUND -T<TEMP> -f -m -k1 -v2 -z\t -t -D -S_ -q -A /etc/mail/virtusertable extra`)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%s %s o=%v N=%v a=%s T=%s f=%v m=%v k=%s v=%s z=%q t=%v D=%v S=%c q=%v A=%v args=%v",
		s.Name, s.Class, s.Optional, s.InclNull, s.Append, s.TempAppend, s.NoFold, s.MatchOnly, s.KeyCol, s.ValCol,
		s.Delim, s.TempAsPerm, s.NoDefer, s.SpaceSub, s.KeepQuotes, s.AliasMerge, s.Args)
	want := `virt hash o=true N=true a=.FOUND T=<TEMP> f=true m=true k=1 v=2 z="\t" t=true D=true S=_ q=true A=true args=[/etc/mail/virtusertable extra]`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	r, _ := ParseKLine(`Kre regex -n -s1,2 -d+ -a@X ^a b+$`)
	if r.Class1['s'] != "1,2" || r.Class1['d'] != "+" || r.Append != "@X" || r.Args[0] != "^a b+$" {
		t.Errorf("regex spec %+v", r)
	}
	if _, err := ParseKLine("Konly"); err == nil {
		t.Error("accepted a K line without class")
	}
	if _, err := Open(&Spec{Name: "x", Class: "nosuch"}, nil); err == nil {
		t.Error("opened an unknown class")
	}
	if m, err := Open(&Spec{Name: "x", Class: "hash", Optional: true, Args: []string{"/nonexistent/m"}}, nil); err != nil {
		t.Errorf("optional map: %v", err)
	} else if _, ok, _ := m.Lookup("a", nil); ok {
		t.Error("optional missing map found a key")
	}
}

func TestDBMaps(t *testing.T) {
	dir := t.TempDir()
	mm := ourBin(t, "makemap")
	src := "Joe joe@%1.example.com\nlit 100%% sure\nPlain value\n"
	for _, c := range [][]string{{"hash", "m"}, {"-N", "btree", "n"}, {"cdb", "c"}} {
		if _, e, x := run(t, dir, []byte(src), mm, c...); x != 0 {
			t.Fatal(e)
		}
	}
	for _, kl := range []string{"Km hash " + dir + "/m", "Kn btree " + dir + "/n", "Kc cdb " + dir + "/c", "Ki implicit " + dir + "/m"} {
		m := mustOpen(t, kl, nil)
		checkLookups(t, m, []lk{
			{key: "JOE", args: []string{"host"}, want: "joe@host.example.com", found: true},
			{key: "lit", want: "100% sure", found: true},
			{key: `"plain"`, want: "value", found: true},
			{key: "none"},
		})
	}
	checkLookups(t, mustOpen(t, "Km hash -f "+dir+"/m", nil), []lk{{key: "JOE"}, {key: "joe", args: []string{"h"}, want: "joe@h.example.com", found: true}})
	checkLookups(t, mustOpen(t, "Km hash -m -a.OK "+dir+"/m", nil), []lk{{key: "Plain", want: "Plain.OK", found: true}})
	checkLookups(t, mustOpen(t, "Km hash -O "+dir+"/n", nil), []lk{{key: "plain"}})
	checkLookups(t, mustOpen(t, "Km hash -N -O "+dir+"/m", nil), []lk{{key: "plain"}})
	checkLookups(t, mustOpen(t, "Km hash -q "+dir+"/m", nil), []lk{{key: `"plain"`}})

	// A file replaced by a new makemap run is reopened.
	m := mustOpen(t, "Km hash "+dir+"/m", &Env{ReopenCheck: time.Nanosecond})
	checkLookups(t, m, []lk{{key: "new"}})
	time.Sleep(10 * time.Millisecond)
	if _, e, x := run(t, dir, []byte("new one\n"), mm, "hash", "m"); x != 0 {
		t.Fatal(e)
	}
	checkLookups(t, m, []lk{{key: "new", want: "one", found: true}, {key: "plain"}})

	// A Berkeley DB file made by sendmail's makemap.
	if _, err := os.Stat(refMakemap); err == nil {
		run(t, dir, []byte(src), refMakemap, "-N", "hash", "ref")
		checkLookups(t, mustOpen(t, "Kr hash "+dir+"/ref", nil), []lk{{key: "Plain", want: "value", found: true}, {key: "x"}})
	}
	// A CDB file made by tinycdb.
	if _, err := os.Stat(tinycdb); err == nil {
		cmd := exec.Command(tinycdb, "-c", "-m", dir+"/tiny.cdb")
		cmd.Stdin = strings.NewReader("key value here\n")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatal(string(out))
		}
		checkLookups(t, mustOpen(t, "Kt cdb "+dir+"/tiny", nil), []lk{{key: "KEY", want: "value here", found: true}})
	}
}

func TestTextMap(t *testing.T) {
	p := filepath.Join(t.TempDir(), "t")
	os.WriteFile(p, []byte("# comment\nalpha:1:ONE\nBeta:2:two\n\nshort\n"), 0o644)
	checkLookups(t, mustOpen(t, "Kt text -z: -k0 -v2 "+p, nil), []lk{
		{key: "ALPHA", want: "ONE", found: true}, {key: "beta", want: "two", found: true}, {key: "short"},
	})
	checkLookups(t, mustOpen(t, "Kt text -z: -k1 -v0 "+p, nil), []lk{{key: "2", want: "Beta", found: true}})
}

// TestRegexMap: results observed with sendmail -bt on the same K lines.
func TestRegexMap(t *testing.T) {
	checkLookups(t, mustOpen(t, `Kre regex -a@MATCH ^[a-z]+\.example\.com$`, nil), []lk{
		{key: "www.example.com", want: "@MATCH", found: true},
		{key: "WWW.Example.COM", want: "@MATCH", found: true},
		{key: "foo.bar"},
	})
	checkLookups(t, mustOpen(t, `Kres regex -s1,2 -d+ ^([a-z]+)\.([a-z]+)\.com$`, nil), []lk{
		{key: "abc.def.com", want: "abc+def", found: true},
		{key: "ABC.def.com", want: "ABC+def", found: true},
	})
	checkLookups(t, mustOpen(t, `Kresall regex -s ^([a-z]+)(x)?\.([a-z]+)\.com$`, nil), []lk{
		{key: "abc.def.com", want: "abc.def.com$|abc$|$|def", found: true},
	})
	checkLookups(t, mustOpen(t, `Kren regex -n -a@NOT ^foo`, nil), []lk{{key: "foo"}, {key: "bar", want: "@NOT", found: true}})
	checkLookups(t, mustOpen(t, `Krem regex -m -a!M ^foo`, nil), []lk{{key: "foobar", want: "foobar!M", found: true}, {key: "bar"}})
	checkLookups(t, mustOpen(t, `Kf regex -f ^foo$`, nil), []lk{{key: "FOO"}, {key: "foo", found: true}})
	checkLookups(t, mustOpen(t, `Kb regex -b -s1 ^\(a*\)+b{2}$`, nil), []lk{{key: "aa+b{2}", want: "aa", found: true}})
	// Leftmost-longest, as POSIX requires.
	checkLookups(t, mustOpen(t, `Kl regex -s1 ^(a|ab)(c|bcd)`, nil), []lk{{key: "abcd", want: "a", found: true}})
	if _, err := Open(&Spec{Name: "bad", Class: "regex", Args: []string{"("}}, nil); err == nil {
		t.Error("bad pattern accepted")
	}
}

// TestArithMap: results observed with sendmail -bt.
func TestArithMap(t *testing.T) {
	m := mustOpen(t, "Kcomp arith", nil)
	cases := []lk{}
	for _, c := range [][3]string{{"+", "7", "10"}, {"-", "7", "4"}, {"*", "7", "21"}, {"/", "7", "2"}, {"%", "7", "1"},
		{"|", "5", "7"}, {"&", "7", "3"}, {"l", "2", "TRUE"}, {"l", "7", "FALSE"}, {"=", "3", "TRUE"}, {"=", "4", "FALSE"}, {"+", "x", "3"}} {
		cases = append(cases, lk{key: c[0], args: []string{c[1], "3"}, want: c[2], found: true})
	}
	cases = append(cases, lk{key: "q", args: []string{"4", "3"}}, lk{key: "/", args: []string{"7", "0"}}, lk{key: "%", args: []string{"7", "0"}})
	checkLookups(t, m, cases)
	for range 50 {
		v, ok, _ := m.Lookup("r", []string{"5", "8"})
		if !ok || (v != "5" && v != "6" && v != "7") {
			t.Fatalf("r 5 8 = %q", v)
		}
	}
}

// TestDequoteMap: results observed with sendmail -bt.
func TestDequoteMap(t *testing.T) {
	checkLookups(t, mustOpen(t, "Kdq dequote", nil), []lk{
		{key: `"foo bar"`}, {key: "foo"}, {key: `"foo<bar"`}, {key: `"a"b"c"`, want: "abc", found: true},
		{key: `"(foo)"`, want: "(foo)", found: true},
	})
	checkLookups(t, mustOpen(t, "Kdqs dequote -s_", nil), []lk{{key: `"foo bar"`, want: "foo_bar", found: true}})
}

type stubResolver struct {
	rrs  map[string][]string
	mx   map[string][]*net.MX
	fail map[string]bool
}

func (r stubResolver) LookupDNS(_ context.Context, name, typ string) ([]string, error) {
	if r.fail[name] {
		return nil, errors.New("SERVFAIL")
	}
	return r.rrs[typ+" "+name], nil
}

func (r stubResolver) LookupMX(_ context.Context, name string) ([]*net.MX, error) {
	if r.fail[name] {
		return nil, errors.New("SERVFAIL")
	}
	return r.mx[name], nil
}

func TestDNSMaps(t *testing.T) {
	res := stubResolver{
		rrs: map[string][]string{
			"A www.example.com":       {"192.0.2.1", "192.0.2.2"},
			"TXT example.com":         {"v=spf1 -all"},
			"CNAME alias.example.com": {"www.example.com"},
			"A h.sub.example.com":     {"192.0.2.9"},
		},
		mx: map[string][]*net.MX{"example.com": {
			{Host: "mx2.example.com.", Pref: 20}, {Host: "mx1.example.com.", Pref: 10}, {Host: "mx.example.com.", Pref: 10}}},
		fail: map[string]bool{"broken.example": true},
	}
	env := &Env{Resolver: res, LocalHost: "mx1.example.com", Services: map[string][]string{"hosts": {"files", "dns"}}}
	checkLookups(t, mustOpen(t, "Kd dns -RA", env), []lk{
		{key: "www.example.com", want: "192.0.2.1", found: true}, {key: "nx.example.com"}, {key: "broken.example", temp: true},
	})
	checkLookups(t, mustOpen(t, "Kd dns -RA -z,", env), []lk{{key: "www.example.com", want: "192.0.2.1,192.0.2.2", found: true}})
	checkLookups(t, mustOpen(t, "Kd dns -RA -Bsub.example.com", env), []lk{{key: "h", want: "192.0.2.9", found: true}})
	checkLookups(t, mustOpen(t, "Kd dns -RTXT -T<TMP>", env), []lk{
		{key: "example.com", want: "v=spf1 -all", found: true}, {key: "broken.example", want: "broken.example<TMP>", found: true},
	})
	checkLookups(t, mustOpen(t, "Kd dns -RA -t", env), []lk{{key: "broken.example"}})
	checkLookups(t, mustOpen(t, "Kmx bestmx", env), []lk{{key: "example.com", want: "mx1.example.com", found: true}, {key: "none.example"}})
	checkLookups(t, mustOpen(t, "Kmx bestmx -z:", &Env{Resolver: res}), []lk{
		{key: "example.com", want: "mx.example.com:mx1.example.com:mx2.example.com", found: true},
	})
	hosts := filepath.Join(t.TempDir(), "hosts")
	os.WriteFile(hosts, []byte("127.0.0.1 localhost\n192.0.2.5 box.example.com box # comment\n"), 0o644)
	env.HostsFile = hosts
	checkLookups(t, mustOpen(t, "Khost host -a.", env), []lk{
		{key: "box", want: "box.example.com.", found: true},
		{key: "alias.example.com", want: "www.example.com.", found: true},
		{key: "nx.example.com"}, {key: "broken.example", temp: true},
	})
	if _, err := Open(&Spec{Name: "d", Class: "dns"}, env); err == nil {
		t.Error("dns map without -R accepted")
	}
}

func TestSequenceAndSwitch(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a")
	os.WriteFile(a, []byte("k1 from-a\n"), 0o644)
	b := filepath.Join(dir, "b")
	os.WriteFile(b, []byte("k1 from-b\nk2 from-b\n"), 0o644)
	sw := filepath.Join(dir, "service.switch")
	os.WriteFile(sw, []byte("# switch\naliases  files text\nhosts dns\n"), 0o644)
	maps := map[string]Map{}
	env := &Env{Map: func(n string) (Map, bool) { m, ok := maps[n]; return m, ok }, ServiceSwitch: sw,
		Resolver: stubResolver{fail: map[string]bool{"k3": true}}}
	maps["ma"] = mustOpen(t, "Kma text "+a, env)
	maps["mb"] = mustOpen(t, "Kmb text "+b, env)
	maps["ali.files"] = maps["mb"]
	maps["ali.text"] = maps["ma"]
	maps["dns"] = mustOpen(t, "Kdns dns -RA", env)
	checkLookups(t, mustOpen(t, "Kseq sequence ma mb", env), []lk{
		{key: "k1", want: "from-a", found: true}, {key: "k2", want: "from-b", found: true}, {key: "k9"},
	})
	checkLookups(t, mustOpen(t, "Kseq sequence dns mb", env), []lk{{key: "k2", want: "from-b", found: true}, {key: "k3", temp: true}})
	checkLookups(t, mustOpen(t, "Kali switch aliases", env), []lk{{key: "k1", want: "from-b", found: true}})
	if sw, _ := ServiceSwitch(sw); strings.Join(sw["aliases"], " ") != "files text" {
		t.Errorf("switch file: %v", sw)
	}
}

func TestMiscMaps(t *testing.T) {
	dir := t.TempDir()
	pw := filepath.Join(dir, "passwd")
	os.WriteFile(pw, []byte("root:x:0:0:root:/root:/bin/bash\njoe:x:1000:100:Joe User,,,:/home/joe:/bin/sh\n"), 0o644)
	env := &Env{PasswdFile: pw}
	checkLookups(t, mustOpen(t, "Ku user", env), []lk{{key: "joe", want: "joe", found: true}, {key: "nobody"}})
	checkLookups(t, mustOpen(t, "Ku user -vgecos", env), []lk{{key: "joe", want: "Joe User,,,", found: true}})
	checkLookups(t, mustOpen(t, "Ku user -v6", env), []lk{{key: "root", want: "/root", found: true}})

	macros := map[string]string{}
	env.SetMacro = func(n, v string, set bool) {
		if set {
			macros[n] = v
		} else {
			delete(macros, n)
		}
	}
	m := mustOpen(t, "Kstorage macro", env)
	checkLookups(t, m, []lk{{key: "{MyMacro}", args: []string{"val"}, found: true}})
	if macros["{MyMacro}"] != "val" {
		t.Errorf("macro not set: %v", macros)
	}
	checkLookups(t, m, []lk{{key: "{MyMacro}", found: true}})
	if _, ok := macros["{MyMacro}"]; ok {
		t.Error("macro not cleared")
	}

	var logged []string
	env.Syslog = func(l, msg string) { logged = append(logged, l+" "+msg) }
	checkLookups(t, mustOpen(t, "Klog syslog -Lwarning", env), []lk{{key: "hello there", found: true}})
	if fmt.Sprint(logged) != "[warning hello there]" {
		t.Errorf("syslog: %v", logged)
	}

	checkLookups(t, mustOpen(t, "Karpa arpa", env), []lk{
		{key: "1.2.3.4", want: "4.3.2.1", found: true},
		{key: "IPv6:1:2:dead:beef:9876:0:0:1", want: "1.0.0.0.0.0.0.0.0.0.0.0.6.7.8.9.f.e.e.b.d.a.e.d.2.0.0.0.1.0.0.0", found: true},
		{key: "nope"},
	})

	prog := filepath.Join(dir, "prog")
	os.WriteFile(prog, []byte("#!/bin/sh\ncase $2 in\n found) echo \"$1:$2\"; echo second;;\n temp) exit 75;;\n *) exit 1;;\nesac\n"), 0o755)
	checkLookups(t, mustOpen(t, "Kp program "+prog+" arg", env), []lk{
		{key: "found", want: "arg:found", found: true}, {key: "temp", temp: true}, {key: "other"},
	})

	st := mustOpen(t, "Ks stab", env)
	env.Stab.Store("Root", "joe")
	checkLookups(t, st, []lk{{key: "ROOT", want: "joe", found: true}})
}

// socketmapServer answers netstring requests "name key" from a table.
func socketmapServer(t *testing.T, l net.Listener, table map[string]string) {
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					req, err := ReadNetstring(r, 10000)
					if err != nil {
						return
					}
					_, key, _ := strings.Cut(req, " ")
					reply := "NOTFOUND "
					switch {
					case key == "temp":
						reply = "TEMP try later"
					case key == "perm":
						reply = "PERM no"
					case key == "close":
						return
					case table[key] != "":
						reply = "OK " + table[key]
					}
					fmt.Fprintf(c, "%d:%s,", len(reply), reply)
				}
			}(c)
		}
	}()
}

func TestSocketMap(t *testing.T) {
	table := map[string]string{"joe": "joe@example.com", "list": "a, b"}
	sock := filepath.Join(t.TempDir(), "sm.sock")
	ul, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ul.Close()
	socketmapServer(t, ul, table)
	tl, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer tl.Close()
	socketmapServer(t, tl, table)
	port := tl.Addr().(*net.TCPAddr).Port
	for _, kl := range []string{"Ksm socket -d2 unix:" + sock, fmt.Sprintf("Ksm socket inet:%d@127.0.0.1", port)} {
		checkLookups(t, mustOpen(t, kl, nil), []lk{
			{key: "JOE", want: "joe@example.com", found: true}, {key: "list", want: "a, b", found: true},
			{key: "nobody"}, {key: "temp", temp: true}, {key: "close", temp: true}, {key: "joe", want: "joe@example.com", found: true},
		})
		m := mustOpen(t, kl, nil)
		if _, _, err := m.Lookup("perm", nil); err == nil || IsTemp(err) {
			t.Errorf("PERM: %v", err)
		}
	}
	checkLookups(t, mustOpen(t, "Ksm socket unix:"+sock+".none", nil), []lk{{key: "joe", temp: true}})
}
