package test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The reference sendmail as the smart host: a daemon (-bD, DeliveryMode
// queue: it only queues) offering STARTTLS (a certificate made by the
// test) and SMTP AUTH PLAIN and LOGIN (Cyrus SASL, checking a sasldb2 file
// made by saslpasswd2), relaying for authenticated clients only.
//
// Its SASL configuration (Sendmail.conf) is a file of the test: the
// daemon runs in a mount namespace of its own where the test's directory
// is bind mounted over the first directory of libsasl2's configuration
// path, so nothing on the machine changes and no saslauthd is needed.
//
// The reference lets every client at 127.0.0.1 relay, whatever its
// rulesets say (Relay_ok: "originated locally"), so our sendmail, which
// connects to [127.0.0.1], reaches it through a forwarder of the test
// that connects from 127.0.0.2: to the reference the client is then a
// host of the network, which may relay only once authenticated.
//
// The reference's qf does not name the user who authenticated (no
// ${auth_authen}; an A record only when the client sent AUTH= on MAIL):
// its .cf adds a header made of ${auth_type} and ${auth_authen} when
// they are set, as sites do, and that header is in the qf.

const refRelayUser, refRelayPass = "relayuser", "s3cret"

// refRelayMC is the reference daemon's .mc (@DIR@: its directory).
const refRelayMC = "OSTYPE(`linux')dnl\n" +
	"define(`QUEUE_DIR', `@DIR@/queue')dnl\n" +
	"define(`ALIAS_FILE', `@DIR@/aliases')dnl\n" +
	"define(`STATUS_FILE', `@DIR@/statistics')dnl\n" +
	"define(`confPID_FILE', `@DIR@/sendmail.pid')dnl\n" +
	"define(`confHOST_STATUS_DIRECTORY', `@DIR@/hoststat')dnl\n" +
	"define(`confSERVICE_SWITCH_FILE', `@DIR@/service.switch')dnl\n" +
	"define(`confHOSTS_FILE', `@DIR@/hosts')dnl\n" +
	"define(`confCW_FILE', `-o @DIR@/local-host-names')dnl\n" +
	"define(`confCR_FILE', `-o @DIR@/relay-domains')dnl\n" +
	"define(`confDOMAIN_NAME', `mx.example.com')dnl\n" +
	"define(`confDONT_PROBE_INTERFACES', `True')dnl\n" +
	"define(`confDELIVERY_MODE', `queue')dnl\n" +
	"define(`confTO_IDENT', `0')dnl\n" +
	"define(`confREFUSE_LA', `999')dnl\n" +
	"define(`confQUEUE_LA', `999')dnl\n" +
	"define(`confDONT_BLAME_SENDMAIL', `TrustStickyBit,MapInUnsafeDirPath')dnl\n" +
	"define(`confCACERT_PATH', `@DIR@/tls')dnl\n" +
	"define(`confCACERT', `@DIR@/tls/cacert.pem')dnl\n" +
	"define(`confSERVER_CERT', `@DIR@/tls/cert.pem')dnl\n" +
	"define(`confSERVER_KEY', `@DIR@/tls/key.pem')dnl\n" +
	"define(`confAUTH_MECHANISMS', `PLAIN LOGIN')dnl\n" +
	"define(`confAUTH_REALM', `mx.example.com')dnl\n" +
	"TRUST_AUTH_MECH(`PLAIN LOGIN')dnl\n" +
	"MAILER(`local')dnl\n" +
	"MAILER(`smtp')dnl\n" +
	"LOCAL_CONFIG\n" +
	"H?${auth_authen}?X-Auth: ${auth_type} ${auth_authen}\n"

// refRelayHosts: the daemon's /etc/hosts and HostsFile. The forwarder's
// address has a name, which resolves back to it: the client is a known
// host, just not one that may relay.
const refRelayHosts = "127.0.0.1\tlocalhost\n" +
	"127.0.0.2\tclient.example.org\n" +
	"127.0.0.3\tmx.example.com\n"

type refRelay struct {
	dir, queue string
	port       int // the forwarder's: where clients connect
	onhost     func(string, ...string) []string
	conns      func() int
}

// startRefRelay starts the reference daemon and the forwarder, or skips
// the test saying what is missing.
func startRefRelay(t *testing.T) *refRelay {
	t.Helper()
	needRef(t)
	for _, f := range []string{smtpRefMakemap, smtpRefCFDir + "/m4/cf.m4"} {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("reference missing: %s (apt-get install sendmail-bin sendmail-cf)", f)
		}
	}
	m4, err := exec.LookPath("m4")
	if err != nil {
		t.Skip("reference missing: GNU m4 (apt-get install m4)")
	}
	saslpasswd := "/usr/sbin/saslpasswd2"
	if p, err := exec.LookPath("saslpasswd2"); err == nil {
		saslpasswd = p
	} else if _, err := os.Stat(saslpasswd); err != nil {
		t.Skip("no saslpasswd2 to make the reference's sasldb2 (apt-get install sasl2-bin)")
	}
	for _, p := range []string{"libplain.so", "libsasldb.so"} {
		m, _ := filepath.Glob("/usr/lib*/*/sasl2/" + p + "*")
		m2, _ := filepath.Glob("/usr/lib*/sasl2/" + p + "*")
		if len(m)+len(m2) == 0 {
			t.Skipf("no Cyrus SASL plugin %s for the reference's AUTH (apt-get install libsasl2-modules libsasl2-modules-db)", p)
		}
	}
	confTarget, isDir := saslConfTarget()
	if confTarget == "" {
		t.Skip("no directory of libsasl2's configuration path (/etc/sasl2, /etc/sasl, /usr/lib/sasl2) to mount the test's Sendmail.conf on")
	}
	if err := exec.Command("unshare", "-u", "-m", "true").Run(); err != nil {
		t.Skipf("unshare -u -m is not permitted here (%v): the daemon needs its own host name, /etc/hosts and SASL configuration", err)
	}
	if l, err := net.Listen("tcp", "127.0.0.2:0"); err != nil {
		t.Skipf("cannot use 127.0.0.2 (%v): the reference lets 127.0.0.1 relay without AUTH", err)
	} else {
		l.Close()
	}

	dir := filepath.Join(smtpSafeDir(t), "ref")
	rr := &refRelay{dir: dir, queue: filepath.Join(dir, "queue")}
	for _, d := range []string{rr.queue, filepath.Join(dir, "hoststat"), filepath.Join(dir, "tls"), filepath.Join(dir, "sasl")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.Chmod(rr.queue, 0o700)
	files := map[string]string{
		"aliases":          "postmaster: root\nMAILER-DAEMON: postmaster\n",
		"hosts":            refRelayHosts,
		"service.switch":   "hosts\tfiles\naliases\tfiles\n",
		"local-host-names": "mx.example.com\n",
		"relay-domains":    "",
		// Cyrus SASL: passwords checked in the sasldb2 file (auxprop),
		// no saslauthd
		"sasl/Sendmail.conf": "pwcheck_method: auxprop\nauxprop_plugin: sasldb\nsasldb_path: " +
			filepath.Join(dir, "sasl", "sasldb2") + "\nmech_list: PLAIN LOGIN\n",
		"r.mc": strings.ReplaceAll(refRelayMC, "@DIR@", dir),
	}
	for name, text := range files {
		write(t, filepath.Join(dir, name), text)
	}
	refRelayCert(t, filepath.Join(dir, "tls"))
	cmd := exec.Command(saslpasswd, "-f", filepath.Join(dir, "sasl", "sasldb2"), "-p", "-c", "-u", "mx.example.com", refRelayUser)
	cmd.Stdin = strings.NewReader(refRelayPass + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("saslpasswd2: %v %s", err, out)
	}
	cf, err := exec.Command(m4, "-D_CF_DIR_="+smtpRefCFDir+"/", smtpRefCFDir+"/m4/cf.m4", filepath.Join(dir, "r.mc")).Output()
	if err != nil {
		t.Fatalf("m4 with sendmail's cf tree: %v %s", err, smtpStderr(err))
	}
	write(t, filepath.Join(dir, "r.cf"), string(cf))

	nss := filepath.Join(dir, "nsswitch.conf")
	smtpNsswitch(t, nss)
	saslSrc := filepath.Join(dir, "sasl")
	if !isDir {
		saslSrc = filepath.Join(saslSrc, "Sendmail.conf")
	}
	rr.onhost = func(name string, args ...string) []string {
		return append([]string{"unshare", "-u", "-m", "sh", "-c",
			`mount --bind "$0" /etc/nsswitch.conf && mount --bind "$1" /etc/hosts && mount --bind "$2" "$3" && shift 3 && hostname mx.example.com && exec "$@"`,
			nss, filepath.Join(dir, "hosts"), saslSrc, confTarget, name}, args...)
	}
	argv := rr.onhost(refSendmail, "-bi", "-C", filepath.Join(dir, "r.cf"))
	if out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("reference -bi: %v\n%s", err, out)
	}
	d := &smtpDaemon{config: "refrelay", dir: dir, cf: filepath.Join(dir, "r.cf"), queue: rr.queue}
	if err := smtpStart(t, d, refSendmail, rr.onhost); err != nil {
		t.Fatalf("reference daemon: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("reference daemon's output:\n%s", d.out.String())
		}
	})
	rr.port, rr.conns = refRelayForward(t, fmt.Sprintf("127.0.0.1:%d", d.port))
	return rr
}

// saslConfTarget: where to mount the test's Sendmail.conf so that
// libsasl2 reads it and no other. It goes through the directories of
// libsasl2's configuration path in order (Debian's:
// /etc/sasl2:/etc/sasl:/usr/lib/ARCH/sasl2:/usr/lib/sasl2): the first
// existing one without plugins gets the test's directory mounted over
// it (isDir); the plugin directory, which must stay, is passed over
// unless it has a Sendmail.conf, which then gets the test's file
// mounted over it.
func saslConfTarget() (target string, isDir bool) {
	cands := []string{"/etc/sasl2", "/etc/sasl"}
	m, _ := filepath.Glob("/usr/lib/*/sasl2")
	cands = append(append(cands, m...), "/usr/lib/sasl2")
	for _, d := range cands {
		fi, err := os.Stat(d)
		if err != nil || !fi.IsDir() {
			continue
		}
		if libs, _ := filepath.Glob(filepath.Join(d, "lib*.so*")); len(libs) > 0 {
			if _, err := os.Stat(filepath.Join(d, "Sendmail.conf")); err == nil {
				return filepath.Join(d, "Sendmail.conf"), false
			}
			continue
		}
		return d, true
	}
	return "", false
}

// refRelayCert writes the daemon's certificate (CN mx.example.com, signed
// by a CA made here too) and its key, mode 0600 as sendmail demands.
func refRelayCert(t *testing.T, dir string) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ = x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "mx.example.com"},
		DNSNames: []string{"mx.example.com"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(key)
	pemFile := func(name, typ string, b []byte, mode os.FileMode) {
		if err := os.WriteFile(filepath.Join(dir, name), pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}), mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(filepath.Join(dir, name), mode)
	}
	pemFile("cacert.pem", "CERTIFICATE", caDER, 0o644)
	pemFile("cert.pem", "CERTIFICATE", der, 0o644)
	pemFile("key.pem", "PRIVATE KEY", pkcs8, 0o600)
}

// refRelayForward listens on a free port of 127.0.0.1 and passes every
// connection on to addr from 127.0.0.2. It returns its port and a count
// of the connections it took.
func refRelayForward(t *testing.T, addr string) (int, func() int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	n := 0
	var open []net.Conn
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}, Timeout: 10 * time.Second}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			u, err := d.Dial("tcp", addr)
			if err != nil {
				c.Close()
				continue
			}
			mu.Lock()
			n++
			open = append(open, c, u)
			mu.Unlock()
			var once sync.Once
			done := func() { once.Do(func() { c.Close(); u.Close() }) }
			go func() { io.Copy(u, c); done() }()
			go func() { io.Copy(c, u); done() }()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range open {
			c.Close()
		}
		mu.Unlock()
	})
	return ln.Addr().(*net.TCPAddr).Port, func() int { mu.Lock(); defer mu.Unlock(); return n }
}

// take reads the reference's queue: for each recipient, what its
// qf records of the session it came in (see refRelaySummary); then it
// empties the queue.
func (rr *refRelay) take(t *testing.T) map[string]map[string]string {
	t.Helper()
	qfs, _ := filepath.Glob(filepath.Join(rr.queue, "qf*"))
	got := map[string]map[string]string{}
	for _, p := range qfs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for rcpt, sum := range refRelaySummary(string(b)) {
			if got[rcpt] != nil {
				t.Errorf("%s is queued twice", rcpt)
			}
			got[rcpt] = sum
		}
	}
	all, _ := filepath.Glob(filepath.Join(rr.queue, "*"))
	for _, p := range all {
		os.Remove(p)
	}
	return got
}

// refRelaySummary: what a qf of the reference records of the session
// that brought its message, by recipient: the R record's flags ("R"),
// the AUTH= parameter ("A", from the A record; "" when none), the
// sender, the protocol ($r: ESMTPSA is ESMTP with STARTTLS and AUTH),
// the client ($_, $s), the X-Auth header the daemon's .cf adds from
// ${auth_type} and ${auth_authen}, and from the daemon's Received: field
// the "(authenticated bits=N)" comment and the TLS version and
// certificate verification (not the cipher, which the two clients'
// TLS libraries choose differently).
func refRelaySummary(qf string) map[string]map[string]string {
	common := map[string]string{"A": ""}
	var rcpts [][2]string // address, flags
	var hname, hval string
	headers := map[string]string{}
	endHeader := func() {
		if hname != "" {
			if _, ok := headers[hname]; !ok {
				headers[hname] = hval
			}
		}
		hname = ""
	}
	for _, l := range strings.Split(qf, "\n") {
		if strings.HasPrefix(l, "\t") && hname != "" {
			hval += "\n" + l
			continue
		}
		endHeader()
		switch {
		case l == "":
		case l[0] == 'H':
			h := l[1:]
			if strings.HasPrefix(h, "?") {
				if i := strings.IndexByte(h[1:], '?'); i >= 0 {
					h = h[i+2:]
				}
			}
			name, val, _ := strings.Cut(h, ":")
			hname, hval = name, strings.TrimLeft(val, " ")
		case l[0] == 'R':
			flags, addr, _ := strings.Cut(l[1:], ":")
			rcpts = append(rcpts, [2]string{strings.Trim(addr, "<>"), flags})
		case l[0] == 'A' || l[0] == 'S':
			common[l[:1]] = l[1:]
		case strings.HasPrefix(l, "$r"), strings.HasPrefix(l, "$s"), strings.HasPrefix(l, "$_"):
			common[l[:2]] = l[2:]
		}
	}
	endHeader()
	common["X-Auth"] = headers["X-Auth"]
	rcv := strings.Join(strings.Fields(headers["Received"]), " ")
	common["Received (authenticated"] = refRelayBetween(rcv, "(authenticated", ")")
	common["Received version="] = refRelayBetween(rcv, "version=", " ")
	common["Received verify="] = refRelayBetween(rcv, "verify=", ")")
	out := map[string]map[string]string{}
	for _, r := range rcpts {
		sum := map[string]string{"R": r[1]}
		for k, v := range common {
			sum[k] = v
		}
		out[r[0]] = sum
	}
	return out
}

// refRelayBetween: what follows the first "from" in s, up to the next "to".
func refRelayBetween(s, from, to string) string {
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		return "(none)"
	}
	v, _, _ := strings.Cut(rest, to)
	return v
}

// refRelaySiteMC is our site (see newSite) sending remote mail to the
// forwarder at port: SMART_HOST [127.0.0.1] for the rest, the route
// route.example -> esmtp:[127.0.0.1] in the mailertable, the credentials
// for 127.0.0.1 in the authinfo map. Its name is client.example.org
// (the reference calls itself mx.example.com, and a peer greeting with
// our own name is a mail loop).
func refRelaySiteMC(port int) string {
	return fmt.Sprintf("define(`confDOMAIN_NAME', `client.example.org')dnl\n"+
		"define(`SMART_HOST', `[127.0.0.1]')dnl\n"+
		"define(`RELAY_MAILER_ARGS', `TCP $h %[1]d')dnl\ndefine(`ESMTP_MAILER_ARGS', `TCP $h %[1]d')dnl\n"+
		"FEATURE(`mailertable', `hash -o @DIR@/mailertable')dnl\nFEATURE(`authinfo', `hash -o @DIR@/authinfo')dnl\n", port)
}

// refRelayMaps (re)makes the site's mailertable and authinfo map with
// makemap, the authinfo entry for 127.0.0.1 with password pass.
func refRelayMaps(t *testing.T, st *site, makemap, pass string) {
	t.Helper()
	files := map[string]string{
		"mailertable": "route.example esmtp:[127.0.0.1]\n",
		"authinfo":    fmt.Sprintf("AuthInfo:127.0.0.1 \"U:%s\" \"P:%s\" \"M:PLAIN\"\n", refRelayUser, pass),
	}
	for name, text := range files {
		p := filepath.Join(st.dir, name)
		write(t, p, text)
		cmd := exec.Command(makemap, "hash", p)
		cmd.Stdin = strings.NewReader(text)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("makemap %s: %v %s", name, err, out)
		}
	}
}

// refClientSite is the same site for the reference as the client: its
// .cf made from the same .mc by m4 with sendmail's cf tree, its aliases
// and maps by its own sendmail -bi and makemap, and local mail appended
// by a script to DIR/mail/USER (mail.local would write to /var/mail).
func refClientSite(t *testing.T, rr *refRelay) (*site, string) {
	t.Helper()
	extra := "define(`confDONT_BLAME_SENDMAIL', `TrustStickyBit,MapInUnsafeDirPath')dnl\n" +
		"define(`LOCAL_MAILER_PATH', `@DIR@/local.sh')dnl\ndefine(`LOCAL_MAILER_ARGS', `local.sh $u')dnl\n" +
		refRelaySiteMC(rr.port)
	st := newSite(t, extra, "# none of our own options\n")
	local := filepath.Join(st.dir, "local.sh")
	write(t, local, "#!/bin/sh\n{ echo \"From MAILER-DAEMON $(date)\"; cat; echo; } >> \""+st.mail+"/$1\"\n")
	os.Chmod(local, 0o755)
	cf, err := exec.Command("m4", "-D_CF_DIR_="+smtpRefCFDir+"/", smtpRefCFDir+"/m4/cf.m4", filepath.Join(st.dir, "site.mc")).Output()
	if err != nil {
		t.Fatalf("m4 with sendmail's cf tree: %v %s", err, smtpStderr(err))
	}
	refCf := filepath.Join(st.dir, "ref.cf")
	write(t, refCf, string(cf))
	os.Remove(filepath.Join(st.dir, "aliases.db")) // ours (CDB): the reference makes its own
	if out, code := rr.run(t, refCf, "", "-bi"); code != 0 {
		t.Fatalf("reference -bi: exit %d\n%s", code, out)
	}
	return st, refCf
}

// run runs the reference sendmail in the daemon's namespaces (its host
// name, /etc/hosts, nsswitch.conf).
func (rr *refRelay) run(t *testing.T, cf, stdin string, args ...string) (string, int) {
	t.Helper()
	argv := rr.onhost(refSendmail, append([]string{"-C", cf}, args...)...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin = strings.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), code
}

// refRelayVerbs: the commands of a -v transcript (">>> " lines), first word only.
func refRelayVerbs(transcript string) string {
	var v []string
	for _, l := range strings.Split(transcript, "\n") {
		if c, ok := strings.CutPrefix(l, ">>> "); ok && strings.TrimSpace(c) != "" {
			v = append(v, strings.Fields(c)[0])
		}
	}
	return strings.Join(v, " ")
}

// refRelayDiffs: where ours still differs from the reference, field by
// field, as (ours, reference). Any other difference fails the test, and
// so does a listed one that has gone (remove it from the list then).
var refRelayDiffs = map[string][2]string{
	// AUTH= on MAIL is not done (smtpclient/doc.go); sendmail sends
	// AUTH=<sender>, which the reference keeps as <> (the sender is
	// not the authenticated user)
	"relayed: A": {"", "<>"},
	// the bounce's transcript: sendmail keeps the refused AUTH and the
	// 503 to the pipelined DATA
	"refused: transcript": {
		"... while talking to [127.0.0.1]:\n>>> DATA\n<<< 550 5.7.1 <someone@far.example>... Relaying denied. Proper authentication required.\n550 5.1.1 someone@far.example... User unknown",
		"... while talking to [127.0.0.1]:\n>>> AUTH dialogue\n<<< 535 5.7.0 authentication failed\n>>> DATA\n<<< 550 5.7.1 <someone@far.example>... Relaying denied. Proper authentication required.\n550 5.1.1 someone@far.example... User unknown\n<<< 503 5.0.0 Need RCPT (recipient)"},
	// after the 503 to DATA sendmail sends RSET before QUIT
	"refused: commands": {"EHLO STARTTLS EHLO AUTH MAIL RCPT DATA QUIT", "EHLO STARTTLS EHLO AUTH MAIL RCPT DATA RSET QUIT"},
}

// refRelayCompare compares ours with the reference's, field by field.
func refRelayCompare(t *testing.T, what string, ours, ref map[string]string) {
	t.Helper()
	keys := map[string]bool{}
	for k := range ours {
		keys[k] = true
	}
	for k := range ref {
		keys[k] = true
	}
	for k := range keys {
		name := what + ": " + k
		o, r := ours[k], ref[k]
		known, isKnown := refRelayDiffs[name]
		switch {
		case isKnown && o == known[0] && r == known[1]:
			t.Logf("known difference, %s: ours %q, the reference %q", name, o, r)
		case isKnown && o == r:
			t.Errorf("%s: ours is now the reference's (%q): remove it from refRelayDiffs", name, o)
		case o != r:
			t.Errorf("%s: ours %q, the reference %q", name, o, r)
		}
	}
}

// refRelayBounce: what a bounce says, field by field.
func refRelayBounce(m string) map[string]string {
	sum := map[string]string{}
	sum["Subject"], _ = header(m, "Subject")
	for _, l := range strings.Split(m, "\n") {
		for _, f := range []string{"Status", "Action", "Final-Recipient", "Remote-MTA", "Diagnostic-Code"} {
			if v, ok := strings.CutPrefix(l, f+": "); ok && sum[f] == "" {
				sum[f] = v
			}
		}
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "(reason: "); ok {
			sum["reason"] = v
		}
	}
	_, tr, _ := strings.Cut(m, "----- Transcript of session follows -----\n")
	tr, _, _ = strings.Cut(tr, "\n--")
	sum["transcript"] = strings.TrimSpace(tr)
	return sum
}

// TestRelayToReferenceTLSAuth: our sendmail relays to the reference
// sendmail through a mailertable route and through SMART_HOST, over
// STARTTLS with AUTH PLAIN: the reference lets it relay (it would not
// without AUTH) and queues both recipients as received over TLS from
// the authenticated user. With a wrong password the reference refuses
// AUTH (535), ours goes on without it, the reference refuses relaying
// (550 5.7.1) and the message comes back to the sender. The reference
// as the client, on the same site, shows what sendmail does in both
// cases: ours must do the same, but for refRelayDiffs.
func TestRelayToReferenceTLSAuth(t *testing.T) {
	rr := startRefRelay(t)
	st := newSite(t, refRelaySiteMC(rr.port), "")
	refRelayMaps(t, st, filepath.Join(st.bin, "makemap"), refRelayPass)
	rs, rcf := refClientSite(t, rr)
	refRelayMaps(t, rs, smtpRefMakemap, refRelayPass)
	msg := "Subject: relayed to the reference\n\nbody\n"
	args := []string{"-odi", "-v", "-f", "alice", "user@route.example", "someone@far.example"}

	out, errs, code := st.sendmail(t, msg, args...)
	if code != 0 {
		t.Fatalf("ours: exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{"user@route.example... Connecting to [127.0.0.1] port " + fmt.Sprint(rr.port) + " via esmtp",
		"someone@far.example... Connecting to [127.0.0.1] port " + fmt.Sprint(rr.port) + " via relay",
		">>> STARTTLS\n220 2.0.0 Ready to start TLS\n>>> EHLO client.example.org",
		">>> AUTH PLAIN ", "235 2.0.0 OK Authenticated\n>>> MAIL From:<alice@client.example.org>",
		"user@route.example... Sent", "someone@far.example... Sent"} {
		if !strings.Contains(out, want) {
			t.Errorf("our -v transcript lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "235 2.0.0 OK Authenticated"); n != 2 {
		t.Errorf("%d AUTHs in our transcript, want one on each of the two connections:\n%s", n, out)
	}
	if q := st.queueFiles(); len(q) != 0 {
		t.Errorf("left in our queue: %v", q)
	}
	if n := rr.conns(); n != 2 {
		t.Errorf("%d connections reached the reference, want 2 (esmtp and relay)", n)
	}
	ours := rr.take(t)
	for _, rcpt := range []string{"user@route.example", "someone@far.example"} {
		q := ours[rcpt]
		if q == nil {
			t.Errorf("%s is not in the reference's queue (it has %v)", rcpt, ours)
			continue
		}
		for k, want := range map[string]string{"$r": "ESMTPSA", "$_": "client.example.org [127.0.0.2]",
			"S": "<alice@client.example.org>", "X-Auth": "PLAIN " + refRelayUser,
			"Received (authenticated": " bits=0", "Received verify=": "NO"} {
			if q[k] != want {
				t.Errorf("%s: the reference's qf has %s %q, want %q", rcpt, k, q[k], want)
			}
		}
		if !strings.HasPrefix(q["Received version="], "TLSv1.") {
			t.Errorf("%s: the reference's Received: has no TLS version: %v", rcpt, q)
		}
	}
	if len(ours) != 2 {
		t.Errorf("the reference queued %d recipients, want 2: %v", len(ours), ours)
	}

	rout, rcode := rr.run(t, rcf, msg, args...)
	if rcode != 0 {
		t.Fatalf("the reference as the client: exit %d\n%s", rcode, rout)
	}
	ref := rr.take(t)
	for rcpt := range ref {
		refRelayCompare(t, "relayed", ours[rcpt], ref[rcpt])
	}
	if len(ref) != len(ours) {
		t.Errorf("the reference's own relaying queued %d recipients, ours %d", len(ref), len(ours))
	}
	if o, r := refRelayVerbs(out), refRelayVerbs(rout); o != r {
		t.Errorf("commands: ours\n  %s\nthe reference's\n  %s", o, r)
	}

	// a wrong password: 535, then 550 Relaying denied, then a bounce
	refRelayMaps(t, st, filepath.Join(st.bin, "makemap"), "wrong")
	refRelayMaps(t, rs, smtpRefMakemap, "wrong")
	args = []string{"-odi", "-v", "-f", "alice", "someone@far.example"}
	out, errs, code = st.sendmail(t, msg, args...)
	rout, rcode = rr.run(t, rcf, msg, args...)
	refRelayCompare(t, "refused", map[string]string{"exit": fmt.Sprint(code), "commands": refRelayVerbs(out)},
		map[string]string{"exit": fmt.Sprint(rcode), "commands": refRelayVerbs(rout)})
	if code != 67 {
		t.Errorf("ours: exit %d, want 67 (EX_NOUSER)\n%s%s", code, out, errs)
	}
	for _, want := range []string{"535 5.7.0 authentication failed\n", ">>> MAIL From:<alice@client.example.org>",
		"550 5.7.1 <someone@far.example>... Relaying denied. Proper authentication required."} {
		if !strings.Contains(out, want) || !strings.Contains(rout, want) {
			t.Errorf("%q: not in both transcripts:\nours:\n%s\nthe reference's:\n%s", want, out, rout)
		}
	}
	if _, after, _ := strings.Cut(out, "535 5.7.0"); strings.Contains(after, ">>> AUTH") {
		t.Errorf("ours tried AUTH again:\n%s", out)
	}
	if q := st.queueFiles(); len(q) != 0 {
		t.Errorf("left in our queue after a 5xx: %v", q)
	}
	if q := rr.take(t); len(q) != 0 {
		t.Errorf("the reference relayed without AUTH: %v", q)
	}
	ob := waitMessages(t, filepath.Join(st.mail, "root"), 1)[0]
	rb := waitMessages(t, filepath.Join(rs.mail, "root"), 1)[0]
	o, r := refRelayBounce(ob), refRelayBounce(rb)
	refRelayCompare(t, "refused", o, r)
	for k, want := range map[string]string{"Subject": "Returned mail: see transcript for details", "Action": "failed",
		"Diagnostic-Code": "SMTP; 550 5.7.1 <someone@far.example>... Relaying denied. Proper authentication required.",
		"Remote-MTA":      "DNS; [127.0.0.1]"} {
		if o[k] != want {
			t.Errorf("our bounce: %s %q, want %q\n%s", k, o[k], want, ob)
		}
	}
}
