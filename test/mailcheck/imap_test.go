package mailcheck

import (
	"bufio"
	"fmt"
	"net"
	"reflect"
	"strings"
	"testing"
)

// fakeServer answers the client's commands with canned responses: for
// each command line the client sends, the next entry of replies, with
// "TAG" replaced by the command's tag.
func fakeServer(t *testing.T, greeting string, replies []string) *imapClient {
	t.Helper()
	client, server := net.Pipe()
	t.Cleanup(func() { client.Close(); server.Close() })
	go func() {
		defer server.Close()
		r := bufio.NewReader(server)
		if _, err := server.Write([]byte(greeting)); err != nil {
			return
		}
		for _, reply := range replies {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			tag, _, _ := strings.Cut(line, " ")
			if _, err := server.Write([]byte(strings.ReplaceAll(reply, "TAG", tag))); err != nil {
				return
			}
		}
	}()
	return newIMAPClient(client)
}

func TestIMAPFetchParsing(t *testing.T) {
	hdr := "Subject: a [bracket] (paren) \"quote\"\r\nX-Long: {5}\r\n\r\n"
	body := "line {3}\r\n)\r\n* 9 FETCH (not a response)\r\n"
	c := fakeServer(t, "* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n", []string{
		"* 2 EXISTS\r\nTAG OK [READ-WRITE] done\r\n",
		// Items in another order, a quoted string, NIL, a FLAGS list and
		// an unsolicited response between them.
		"* 2 FETCH (FLAGS (\\Seen \\Recent) RFC822.SIZE 70 BODY[TEXT] {" + fmt.Sprint(len(body)) + "}\r\n" + body +
			" BODY[HEADER] {" + fmt.Sprint(len(hdr)) + "}\r\n" + hdr + ")\r\n" +
			"* OK [ALERT] literal at the end {4}\r\nabcd\r\n" +
			"* 1 FETCH (BODY[HEADER] \"Subject: q\\\"x\\\\\" BODY[TEXT] NIL RFC822.SIZE 17)\r\n" +
			"TAG OK Fetch completed.\r\n",
		"* BYE Logging out\r\nTAG OK Logout completed.\r\n",
	})
	if g, err := c.greeting(); err != nil || g != "[CAPABILITY IMAP4rev1] Dovecot ready." {
		t.Fatalf("greeting %q, %v", g, err)
	}
	untagged, err := c.command("SELECT INBOX")
	if err != nil || len(untagged) != 1 || untagged[0].kind != "EXISTS" || untagged[0].num != 2 {
		t.Fatalf("SELECT: %+v, %v", untagged, err)
	}
	msgs, err := c.fetchMessages(2)
	if err != nil {
		t.Fatal(err)
	}
	want := []Message{
		{Seq: 1, Header: []Field{{"Subject", `q"x\`}}, RawHeader: `Subject: q"x\`, Body: "", Size: 17},
		{Seq: 2, Header: []Field{{"Subject", `a [bracket] (paren) "quote"`}, {"X-Long", "{5}"}},
			RawHeader: crlfToLF(hdr), Body: crlfToLF(body), Size: 70},
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("got  %#v\nwant %#v", msgs, want)
	}
	if _, err := c.command("LOGOUT"); err != nil {
		t.Errorf("LOGOUT: %v", err)
	}
}

func TestIMAPErrors(t *testing.T) {
	for _, tc := range []struct {
		name, reply, want string
	}{
		{"NO", "TAG NO [CANNOT] Mailbox isn't a valid mbox file\r\n", "FETCH: server said NO [CANNOT] Mailbox isn't a valid mbox file"},
		{"missing body", "* 1 FETCH (BODY[HEADER] {2}\r\n\r\n RFC822.SIZE 2)\r\nTAG OK done\r\n", "message 1: FETCH did not return"},
		{"missing message", "TAG OK done\r\n", "message 1: FETCH did not return"},
		{"wrong number", "* 3 FETCH (RFC822.SIZE 1)\r\nTAG OK done\r\n", "FETCH response for message 3 of 1"},
		{"cut off", "* 1 FETCH (BODY[TEXT] {10}\r\nabc", "unexpected EOF"},
		{"other tag", "x9 OK done\r\n", `unexpected response "x9 OK done"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := fakeServer(t, "* OK Dovecot\r\n", []string{tc.reply})
			if _, err := c.greeting(); err != nil {
				t.Fatal(err)
			}
			_, err := c.fetchMessages(1)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestIMAPBadGreeting(t *testing.T) {
	c := fakeServer(t, "* BYE too busy\r\n", nil)
	if _, err := c.greeting(); err == nil || !strings.Contains(err.Error(), "BYE too busy") {
		t.Errorf("greeting error %v", err)
	}
}

func TestParseHeader(t *testing.T) {
	got := parseHeader("Subject:  folded\n\t once\n  and twice \nX-Empty:\nNo colon here\n" +
		"Not a: field\nX-Spaced : v\n\nBody: not header\n")
	want := []Field{
		{"Subject", "folded\t once  and twice"},
		{"X-Empty", ""},
		{"No colon here", ""},
		{"Not a: field", ""},
		{"X-Spaced", "v"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	m := Message{Header: want}
	if m.Get("subject") != "folded\t once  and twice" || m.Get("Missing") != "" {
		t.Errorf("Get: %q %q", m.Get("subject"), m.Get("Missing"))
	}
	m.Header = append(m.Header, Field{"x-empty", "second"})
	if v := m.Values("X-EMPTY"); len(v) != 2 || v[0] != "" || v[1] != "second" {
		t.Errorf("Values: %q", v)
	}
}

func TestQuote(t *testing.T) {
	if got := quote(`pa"ss\word`); got != `"pa\"ss\\word"` {
		t.Errorf("quote: %s", got)
	}
}
