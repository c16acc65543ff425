package ruleset_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gosendmail/gosendmail/cf"
	"github.com/gosendmail/gosendmail/ruleset"
)

// BenchmarkSMTPPolicy: what an SMTP server asks of the engine for one
// message under a stock .cf (the bundled library's): the sender parsed
// and checked (check_mail), one recipient parsed and checked
// (check_rcpt), both as the server runs them.
func BenchmarkSMTPPolicy(b *testing.B) {
	dir := b.TempDir()
	mc := filepath.Join(dir, "bench.mc")
	os.WriteFile(mc, []byte("OSTYPE(`linux')dnl\nFEATURE(`accept_unresolvable_domains')dnl\ndefine(`confDONT_PROBE_INTERFACES', `True')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"), 0o644)
	text, _, err := cf.CompileMC(mc, cf.Options{})
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "bench.cf")
	os.WriteFile(path, []byte(text), 0o644)
	c, err := ruleset.Read(path, ruleset.ReadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for k, v := range map[string]string{"client_addr": "127.0.0.1", "client_name": "localhost",
		"client_resolve": "OK", "daemon_flags": "", "r": "ESMTP", "s": "load.example.com"} {
		c.SetMacro(k, v)
	}
	mail, _ := c.FindRuleset("check_mail")
	rcpt, _ := c.FindRuleset("check_rcpt")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.ParseAddress("load@example.com", ruleset.AsSender); err != nil {
			b.Fatal(err)
		}
		c.Rewrite(c.Tokens("load@example.com"), mail)
		if _, err := c.ParseAddress("root", 0); err != nil {
			b.Fatal(err)
		}
		c.Rewrite(c.Tokens("root"), rcpt)
	}
}
