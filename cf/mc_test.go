package cf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCompileMC(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.mc")
	os.WriteFile(good, []byte("OSTYPE(`linux')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"), 0o644)
	text, warn, err := CompileMC(good, Options{})
	if err != nil {
		t.Fatalf("good.mc: %v", err)
	}
	if warn != "" {
		t.Errorf("good.mc: unexpected warnings %q", warn)
	}
	if !strings.Contains(string(text), "\nV10/Berkeley\n") || !strings.Contains(string(text), "\nMesmtp,") {
		t.Errorf("good.mc: no configuration file in the output:\n%s", text)
	}

	bad := filepath.Join(dir, "bad.mc")
	os.WriteFile(bad, []byte("OSTYPE(`linux')dnl\nFEATURE(`no_such_feature')dnl\n"), 0o644)
	_, _, err = CompileMC(bad, Options{})
	ce, ok := AsCompileError(err)
	if !ok {
		t.Fatalf("bad.mc: want a *CompileError, got %v", err)
	}
	if ce.Status == 0 || !strings.Contains(ce.Error(), "no_such_feature") {
		t.Errorf("bad.mc: status %d, error %q", ce.Status, ce.Error())
	}

	refused := filepath.Join(dir, "uucp.mc")
	os.WriteFile(refused, []byte("OSTYPE(`linux')dnl\nLOCAL_UUCP\n"), 0o644)
	if _, _, err := CompileMC(refused, Options{}); err == nil || !strings.Contains(err.Error(), "UUCP") {
		t.Errorf("uucp.mc: want an error naming UUCP, got %v", err)
	}

	for _, f := range []string{"ldap_routing", "sts", "tls_session_features", "tls_failures", "check_cert_altnames"} {
		mc := filepath.Join(dir, f+".mc")
		os.WriteFile(mc, []byte("OSTYPE(`linux')dnl\nFEATURE(`"+f+"')dnl\n"), 0o644)
		if _, _, err := CompileMC(mc, Options{}); err == nil || !strings.Contains(err.Error(), "FEATURE(`"+f+"'): ") {
			t.Errorf("%s: want a refusal naming the feature, got %v", f, err)
		}
	}

	if !IsMC("/etc/mail/sendmail.mc") || IsMC("/etc/mail/sendmail.cf") {
		t.Error("IsMC")
	}
}
