package smtpclient

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

const (
	refSendmail = "/usr/libexec/sendmail/sendmail"
	refCFDir    = "/usr/share/sendmail/cf"
	gnuM4       = "/usr/bin/m4"
)

// needReference skips unless the reference sendmail can be run (installed
// with its cf tree and GNU m4, as root, in a UTS namespace of its own
// named mx.example.com: it sleeps a minute on a host name without a dot).
func needReference(t *testing.T) {
	t.Helper()
	for _, p := range []string{refSendmail, refCFDir + "/m4/cf.m4", gnuM4} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("reference not installed: no %s (apt-get install sendmail-bin sendmail-cf m4)", p)
		}
	}
	if os.Geteuid() != 0 {
		t.Skip("the reference sendmail queues only when run as root here")
	}
	if err := exec.Command("unshare", "-u", "true").Run(); err != nil {
		t.Skip("unshare -u not permitted: the reference would sleep a minute on this host name")
	}
}

// refRelay sends data through the reference sendmail to peer p (its esmtp
// mailer, SMART_HOST [127.0.0.1]) and returns what p received.
func refRelay(t *testing.T, p *peer, data string, args ...string) string {
	t.Helper()
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "mqueue"), 0o700)
	os.WriteFile(filepath.Join(dir, "aliases"), nil, 0o644)
	_, port, _ := strings.Cut(p.addr(), ":")
	mc := fmt.Sprintf("OSTYPE(`debian')dnl\ndefine(`QUEUE_DIR', `%[1]s/mqueue')dnl\n"+
		"define(`ALIAS_FILE', `%[1]s/aliases')dnl\ndefine(`STATUS_FILE', `%[1]s/statistics')dnl\n"+
		"define(`confDONT_BLAME_SENDMAIL', `TrustStickyBit,MapInUnsafeDirPath')dnl\n"+
		"define(`confDONT_PROBE_INTERFACES', `True')dnl\n"+
		"define(`SMART_HOST', `esmtp:[127.0.0.1]')dnl\ndefine(`ESMTP_MAILER_ARGS', `TCP $h %[2]s')dnl\n"+
		"MAILER(`local')dnl\nMAILER(`smtp')dnl\n", dir, port)
	mcPath := filepath.Join(dir, "r.mc")
	os.WriteFile(mcPath, []byte(mc), 0o644)
	cf, err := exec.Command(gnuM4, "-D_CF_DIR_="+refCFDir+"/", refCFDir+"/m4/cf.m4", mcPath).Output()
	if err != nil {
		t.Fatalf("m4: %v", err)
	}
	cfPath := filepath.Join(dir, "r.cf")
	os.WriteFile(cfPath, cf, 0o644)
	n := len(p.messages())
	cmd := exec.Command("unshare", append([]string{"-u", "sh", "-c",
		`hostname mx.example.com && exec "$@"`, "sh", refSendmail, "-C", cfPath, "-odi", "-oi",
		"-f", "a@mx.example.com"}, append(args, "u@r.test")...)...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(data)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("reference: %v\n%s", err, out)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(p.messages()) == n && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	ms := p.messages()
	if len(ms) == n {
		t.Fatal("the reference sent nothing")
	}
	return ms[len(ms)-1]
}

// fromSubject is the message from its Subject: line on (the reference's
// Received:, Date: and Message-Id: come before), the queue ID made "ID".
var refID = regexp.MustCompile(` id [0-9A-Za-z]{14}`)

func fromSubject(s string) string {
	if i := strings.Index(s, "Subject:"); i >= 0 {
		s = s[i:]
	}
	return refID.ReplaceAllString(s, " id ID")
}

// TestMIME8to7LikeReference: the reference converts these messages for a
// peer without 8BITMIME; our conversion must give the same bytes.
func TestMIME8to7LikeReference(t *testing.T) {
	needReference(t)
	p := newPeer(t)
	p.exts = []string{"PIPELINING"}
	c, _ := newClient(t, zone{}, map[string]string{"127.0.0.1": p.addr()})
	cases := map[string]string{
		"qp": "Subject: t\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" +
			strings.Repeat("a", 40) + strings.Repeat("caf\u00e9 ", 3) + strings.Repeat("b", 60) +
			"\nFrom here\n.\n.dot\ntab\tend\t\n=\n" + strings.Repeat("x", 75) + "\xe9\n" + strings.Repeat("y", 100) + "\n\nlast \xe9\n",
		"multipart": "Subject: t\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"BB\"\n\npreamble\n--BB\n" +
			"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + strings.Repeat("caf\u00e9 ", 30) +
			"\nFrom here\n" + strings.Repeat("x", 75) + "\xe9\n--BB\nContent-Type: application/octet-stream\n\n" +
			string([]byte{0x80, 0x81, 0xfe, 0xff}) + "\n--BB\nContent-Type: text/plain\n\nplain ascii\n--BB--\nepilogue\n",
		"no-mime-version": "Subject: t\n\nh\xe9llo\n",
	}
	for name, in := range cases {
		ref := fromSubject(refRelay(t, p, in))
		if name != "no-mime-version" && !strings.Contains(ref, "X-MIME-Autoconverted: from 8bit to") {
			t.Fatalf("%s: the reference did not convert:\n%s", name, ref)
		}
		m := msg("u@r.test")
		m.Data = []byte(in)
		if st := deliverOne(t, c, "[127.0.0.1]", m); !st.OK() {
			t.Fatalf("%s: %+v", name, st)
		}
		ours := p.messages()
		got := fromSubject(ours[len(ours)-1])
		if got != ref {
			t.Errorf("%s: ours\n%s\nreference\n%s", name, got, ref)
		}
	}
}
