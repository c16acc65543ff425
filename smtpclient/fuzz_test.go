package smtpclient

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"io"
	"mime/quotedprintable"
	"strings"
	"testing"
)

func FuzzReadReply(f *testing.F) {
	f.Add([]byte("250-peer.test hello\r\n250-PIPELINING\r\n250 8BITMIME\r\n"))
	f.Add([]byte("550 5.1.1 <a@b> nope\n"))
	f.Add([]byte("220\r\n"))
	f.Add([]byte("250-a\r\n251 b\r\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		r := bufio.NewReader(bytes.NewReader(in))
		for i := 0; i < 10; i++ {
			rep, err := ReadReply(r)
			if err != nil {
				return
			}
			if rep.Code < 200 || rep.Code > 599 || len(rep.Lines) == 0 || len(rep.Lines) > maxReplyLines {
				t.Fatalf("bad reply %+v", rep)
			}
			if e := rep.Enhanced(); e != "" && int(e[0]-'0') != rep.Code/100 {
				t.Fatalf("enhanced %q for %d", e, rep.Code)
			}
			_ = rep.Line()
		}
	})
}

// FuzzConvert8to7: a single-part message comes out 7-bit and decodes
// back to its body.
func FuzzConvert8to7(f *testing.F) {
	f.Add([]byte("h\xe9llo w\xf6rld = test\nline2 \n.\n"))
	f.Add([]byte(strings.Repeat("caf\xc3\xa9 ", 40) + "\nend"))
	f.Add([]byte("\t\n\r\n=\n" + strings.Repeat("x", 80) + "\xff"))
	f.Fuzz(func(t *testing.T, body []byte) {
		hdr := "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
		out := Convert8to7(append([]byte(hdr), body...), "mx.example.com", "ID")
		if !has8bit(body) {
			if !bytes.Equal(out, append([]byte(hdr), body...)) {
				t.Fatalf("7-bit message changed")
			}
			return
		}
		if has8bit(out) {
			t.Fatalf("8-bit output %q", out)
		}
		h, enc := splitEntity(out)
		var dec []byte
		var err error
		switch cte := headerValue(h, "Content-Transfer-Encoding"); cte {
		case "quoted-printable":
			for _, l := range strings.Split(string(enc), "\n") {
				if len(l) > 76 {
					t.Fatalf("QP line of %d", len(l))
				}
			}
			dec, err = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(enc)))
		case "base64":
			dec, err = base64.StdEncoding.DecodeString(strings.ReplaceAll(string(enc), "\n", ""))
		default:
			t.Fatalf("encoding %q", cte)
		}
		if err != nil {
			t.Fatalf("%v in %q", err, enc)
		}
		norm := func(b []byte) string { return strings.ReplaceAll(string(b), "\r\n", "\n") }
		if norm(dec) != norm(body) {
			t.Fatalf("decoded %q, want %q", dec, body)
		}
	})
}

func FuzzConvertMultipart(f *testing.F) {
	f.Add([]byte("Content-Type: multipart/mixed; boundary=\"BB\"\n\npre\n--BB\nContent-Type: text/plain\n\n\xe9t\xe9\n--BB--\nepi\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		out := Convert8to7(in, "h", "i")
		if !has8bit(in) && !bytes.Equal(in, out) {
			t.Fatalf("7-bit input changed: %q -> %q", in, out)
		}
	})
}

func FuzzParseHostStatus(f *testing.F) {
	f.Add([]byte("V0\nE111\nH0\nS75\nD4.4.1\nU1796145933\n.\n"))
	f.Add([]byte("V0\nE0\nH0\nS0\nD2.0.0\nR250 2.0.0 Ok: queued as ABC123\nU1796145774\n.\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		h, err := ParseHostStatus(in)
		if err != nil {
			return
		}
		h.DSN = strings.ReplaceAll(h.DSN, "\r", "")
		h.Reply = strings.ReplaceAll(h.Reply, "\r", "")
		if strings.HasPrefix(h.DSN, ".") || h.DSN == "" && false {
			return
		}
		h2, err := ParseHostStatus(h.Format())
		if err != nil {
			t.Fatalf("%v on %q", err, h.Format())
		}
		if h2.Errno != h.Errno || h2.Exit != h.Exit || h2.Updated.Unix() != h.Updated.Unix() {
			t.Fatalf("round trip %+v -> %+v", h, h2)
		}
	})
}

func FuzzSplitHosts(f *testing.F) {
	f.Add("mx1.example.net:[IPv6:2001:db8::1]:[10.0.0.1]")
	f.Fuzz(func(t *testing.T, s string) {
		for _, h := range SplitHosts(s) {
			if h == "" || strings.TrimSpace(h) != h {
				t.Fatalf("host %q from %q", h, s)
			}
			literal(h)
		}
	})
}

func TestWriteData(t *testing.T) {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	long := strings.Repeat("a", 1000) + strings.Repeat("b", 1000)
	writeData(w, []byte("Subject: x\n\n.x\n.\n"+long+"\nno newline"), "\r\n", 990, false)
	got := strings.Split(b.String(), "\r\n")
	want := []string{"Subject: x", "", "..x", "..", strings.Repeat("a", 989) + "!",
		" " + strings.Repeat("a", 11) + strings.Repeat("b", 977) + "!", " " + strings.Repeat("b", 23),
		"no newline", ".", ""}
	if len(got) != len(want) {
		t.Fatalf("got %d lines %q", len(got), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: %q, want %q", i, got[i], want[i])
		}
	}
}

func FuzzParseAuthInfo(f *testing.F) {
	f.Add(`"U:relayuser" "I:relayuser" "P:s3cret word" "M:PLAIN LOGIN"`)
	f.Add(`U:a P:b`)
	f.Fuzz(func(t *testing.T, s string) {
		ai, ok := ParseAuthInfo(s)
		if ok && ai.User == "" && ai.Password == "" {
			t.Fatal("ok without credentials")
		}
	})
}

func TestParseAuthInfo(t *testing.T) {
	ai, ok := ParseAuthInfo(`"U:relayuser" "P:s3cret word" "M:plain login"`)
	if !ok || ai.User != "relayuser" || ai.Password != "s3cret word" || strings.Join(ai.Mechs, ",") != "PLAIN,LOGIN" {
		t.Errorf("got %+v", ai)
	}
}
