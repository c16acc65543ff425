package mta

import "testing"

// TestErrorExit: the exit status of an error mailer address by its $@,
// as sendmail 8.17 gave it for each (EX_TEMPFAIL: queued).
func TestErrorExit(t *testing.T) {
	for host, want := range map[string]int{
		"": 69, "5.0.0": 69, "5.0.1": 69,
		"5.1.0": 65, "5.1.1": 67, "5.1.2": 68, "5.1.3": 64, "5.1.4": 69, "5.1.5": 78,
		"5.1.6": 67, "5.1.7": 64, "5.1.8": 68, "5.1.9": 69, "5.1.10": 69, "5.1.11": 69,
		"5.2.0": 69, "5.2.2": 69, "5.2.3": 65, "5.2.4": 69,
		"5.3.0": 71, "5.3.5": 71, "5.3.10": 71,
		"5.4.0": 74, "5.4.1": 75, "5.4.2": 74, "5.4.3": 75, "5.4.4": 76, "5.4.5": 75,
		"5.4.6": 78, "5.4.7": 69, "5.4.8": 69, "5.4.10": 69,
		"5.5.0": 76, "5.5.5": 76, "5.6.0": 69, "5.6.9": 69,
		"5.7.0": 65, "5.7.1": 65, "5.7.9": 65, "5.8.0": 69, "5.9.9": 69, "5.10.1": 69,
		"4.0.0": 75, "4.1.1": 75, "4.4.6": 75, "2.0.0": 0, "2.4.4": 0,
		"0.0.0": 78, "1.1.1": 78, "3.1.1": 78, "6.1.1": 78, "15.1.1": 78,
		"nouser": 67, "NOUSER": 67, "nohost": 68, "NoHost": 68, "unavailable": 69,
		"software": 70, "usage": 64, "protocol": 76, "config": 78, "tempfail": 75,
		"dataerr": 69, "noinput": 69, "osfile": 69, "cantcreat": 69, "ioerr": 69,
		"noperm": 69, "oserr": 69, "temp": 69, "temp_fail": 69, "junk": 69,
		"0": 0, "1": 1, "64": 64, "67": 67, "74": 74, "75": 75, "255": 255, "300": 300,
	} {
		if got := errorExit(host); got != want {
			t.Errorf("errorExit(%q) = %d, want %d", host, got, want)
		}
	}
}

// TestShorten: a message's long text keeps its first and last 100
// characters around "...".
func TestShorten(t *testing.T) {
	s := ""
	for len(s) < 203 {
		s += "x"
	}
	if shorten(s) != s {
		t.Errorf("203 characters were cut")
	}
	long := s + "yz"
	got := shorten(long)
	if len(got) != 203 || got[:100] != long[:100] || got[100:103] != "..." || got[103:] != long[len(long)-100:] {
		t.Errorf("shorten(%d characters) = %q", len(long), got)
	}
}

// TestDequote: quotes and backslashes go, what they protect stays.
func TestDequote(t *testing.T) {
	for in, want := range map[string]string{
		`bin`: "bin", `\root`: "root", `b\in`: "bin", `"quoted name"`: "quoted name",
		`"a\"b"`: `a"b`, `x\\y`: `x\y`, `trailing\`: "trailing",
	} {
		if got := dequote(in); got != want {
			t.Errorf("dequote(%q) = %q, want %q", in, got, want)
		}
	}
}
