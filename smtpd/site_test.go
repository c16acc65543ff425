package smtpd

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosendmail/gosendmail/cf"
	"github.com/gosendmail/gosendmail/maps"
	"github.com/gosendmail/gosendmail/mta"
	"github.com/gosendmail/gosendmail/ruleset"
)

// The tests run the server on a site whose every directory is under a
// temporary directory, with a .cf compiled from testdata/site.mc by our
// cf library. With -reference, the dialogue tests instead run the
// reference sendmail (as -bD on a loopback port, on a .cf compiled by
// GNU m4 with sendmail's cf tree from the same .mc) and rewrite the
// .out files from its answers.

// siteExtra is what each site adds to site.mc.
var siteExtra = map[string]string{
	"basic": "",
	"limits": "define(`confMAX_MESSAGE_SIZE', `1000')dnl\n" +
		"define(`confMAX_RCPTS_PER_MESSAGE', `2')dnl\n" +
		"define(`confMAX_HEADERS_LENGTH', `300')dnl\n",
	"relay": "FEATURE(`access_db', `hash -T<TMPF> -o @DIR@/access')dnl\n" +
		"FEATURE(`blocklist_recipients')dnl\n" +
		"FEATURE(`relay_hosts_only')dnl\n" +
		"define(`confRELAY_FILE', `@DIR@/relay-domains')dnl\n",
	"privacy": "define(`confPRIVACY_FLAGS', `goaway,noetrn')dnl\n",
	"macros": "define(`confSMTP_LOGIN_MSG', `$j A${client_addr}|N${client_name}|_$_|D${daemon_name}|R${client_resolve}|" +
		"I${if_addr}|DA${daemon_addr}|F${daemon_family}|ptr${client_ptr}|df${daemon_flags}|IF${if_family}|r$r|s$s')dnl\n" +
		"LOCAL_RULESETS\nSLocal_check_rcpt\nR$*\t$#error $@ 5.7.1 $: \"550 M\" $&{mail_addr} \"|\" $&{mail_host} \"|\" $&{mail_mailer} " +
		"\"|R\" $&{rcpt_addr} \"|\" $&{rcpt_host} \"|\" $&{rcpt_mailer} \"|s\" $&s \"|r\" $&r \"|f\" $&f\n",
}

var siteFiles = []string{"aliases", "hosts", "service.switch", "helpfile", "access", "relay-domains"}

// buildSite lays out a site in dir and returns its .cf's path.
func buildSite(t testing.TB, dir, name string, ref bool) string {
	t.Helper()
	for _, d := range []string{"queue", "hoststat"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.Chmod(filepath.Join(dir, "queue"), 0o700)
	rep := strings.NewReplacer("@DIR@", dir, "@EXTRA@", strings.ReplaceAll(siteExtra[name], "@DIR@", dir))
	for _, f := range append(siteFiles, "site.mc") {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), []byte(rep.Replace(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mc := filepath.Join(dir, "site.mc")
	cfPath := filepath.Join(dir, "site.cf")
	var text []byte
	if ref {
		out, err := exec.Command("m4", "/usr/share/sendmail/cf/m4/cf.m4", mc).Output()
		if err != nil {
			t.Fatalf("m4: %v", err)
		}
		text = out
	} else {
		out, _, err := cf.CompileMC(mc, cf.Options{})
		if err != nil {
			t.Fatalf("compile %s: %v", mc, err)
		}
		text = out
	}
	if err := os.WriteFile(cfPath, text, 0o644); err != nil {
		t.Fatal(err)
	}
	access := filepath.Join(dir, "access")
	if ref {
		run := func(name string, args ...string) {
			cmd := exec.Command(name, args...)
			if strings.HasSuffix(name, "makemap") {
				f, _ := os.Open(access)
				defer f.Close()
				cmd.Stdin = f
			}
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", name, err, out)
			}
		}
		run("/usr/libexec/sendmail/sendmail", "-bi", "-C", cfPath)
		run("/usr/libexec/sendmail/makemap", "hash", access)
		return cfPath
	}
	var sink bytes.Buffer
	if code := maps.Newaliases(maps.NewaliasesOptions{CfFile: cfPath, Owner: -1}, &sink); code != 0 {
		t.Fatalf("newaliases: %d\n%s", code, sink.String())
	}
	f, err := os.Open(access)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if code := maps.Makemap(maps.MakemapConfig{Type: "hash", MapName: access}, f, &sink, &sink); code != 0 {
		t.Fatalf("makemap: %d\n%s", code, sink.String())
	}
	return cfPath
}

// testServer is our server on a site, listening on a loopback port.
type testServer struct {
	dir, cf string
	m       *mta.MTA
	srv     *Server
	addr    string
}

func startServer(t testing.TB, site string) *testServer {
	t.Helper()
	return startServerCf(t, site, "")
}

// startServerCf is startServer with lines added to the .cf (@DIR@ is
// the site's directory).
func startServerCf(t testing.TB, site, extra string) *testServer {
	t.Helper()
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	cfPath := buildSite(t, dir, site, false)
	if extra != "" {
		f, err := os.OpenFile(cfPath, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(strings.ReplaceAll(extra, "@DIR@", dir))
		f.Close()
	}
	var errs bytes.Buffer
	c, err := ruleset.Read(cfPath, ruleset.ReadOptions{Out: &errs})
	if err != nil {
		t.Fatal(err)
	}
	m, err := mta.New(c, cfPath)
	if err != nil {
		t.Fatal(err)
	}
	m.Out, m.Err = &bytes.Buffer{}, &bytes.Buffer{}
	srv := New(m)
	srv.Sleep = nil
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l, Daemon{Name: "MTA"})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		m.Close()
	})
	return &testServer{dir: dir, cf: cfPath, m: m, srv: srv, addr: l.Addr().String()}
}

// queued lists the queue's qf files.
func (ts *testServer) queued(t testing.TB) []string {
	t.Helper()
	ents, _ := os.ReadDir(filepath.Join(ts.dir, "queue"))
	var qf []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "qf") {
			qf = append(qf, e.Name())
		}
	}
	return qf
}

// Sessions are dealt out among the server's copies of the MTA in turn,
// and the copies, sharing one queue, queue messages under distinct IDs.
func TestMTACopies(t *testing.T) {
	ts := startServer(t, "basic")
	c, err := ruleset.Read(ts.cf, ruleset.ReadOptions{Out: &bytes.Buffer{}})
	if err != nil {
		t.Fatal(err)
	}
	m2, err := mta.New(c, ts.cf)
	if err != nil {
		t.Fatal(err)
	}
	defer m2.Close()
	m2.Out, m2.Err = &bytes.Buffer{}, &bytes.Buffer{}
	m2.Queue = ts.m.Queue
	ts.srv.SetMTAs([]*mta.MTA{ts.m, m2})
	var cs []*client
	for i := 0; i < 4; i++ {
		cl := dialB(t, ts.addr)
		cl.cmd("EHLO client.example", "250")
		cs = append(cs, cl)
	}
	if !ts.srv.InUse(ts.m) || !ts.srv.InUse(m2) {
		t.Error("four sessions did not use both copies")
	}
	for i, cl := range cs {
		cl.cmd("MAIL FROM:<a@good.example>", "250")
		cl.cmd("RCPT TO:<alice>", "250")
		cl.cmd("DATA", "354")
		cl.cmd(fmt.Sprintf("Subject: %d\r\n\r\nbody\r\n.", i), "250")
		cl.cmd("QUIT", "221")
	}
	if q := ts.queued(t); len(q) != 4 {
		t.Errorf("queued %v, want 4 messages", q)
	}
}
