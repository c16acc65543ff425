package mailcheck

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// imapTimeout bounds every exchange with the server.
const imapTimeout = 30 * time.Second

// item is one IMAP value: an atom, number, quoted string or literal (s),
// or a parenthesized list (list, with isList set). NIL is the atom "NIL".
type item struct {
	s       string
	list    []item
	isList  bool
	literal bool
}

// response is one untagged response ("* ..."). For "* N KIND ..." num is
// N; for FETCH, fetch holds its parenthesized list; otherwise text is the
// rest of the line.
type response struct {
	num   int
	kind  string
	text  string
	fetch []item
}

// imapClient speaks just enough IMAP4rev1 (RFC 3501) to read a mailbox.
type imapClient struct {
	conn net.Conn
	r    *bufio.Reader
	tag  int
}

func newIMAPClient(conn net.Conn) *imapClient {
	return &imapClient{conn: conn, r: bufio.NewReader(conn)}
}

// greeting reads the server's first line, which must be "* OK ...".
func (c *imapClient) greeting() (string, error) {
	c.conn.SetDeadline(time.Now().Add(imapTimeout))
	resp, tag, err := c.readResponse()
	if err != nil {
		return "", fmt.Errorf("reading greeting: %w", err)
	}
	if tag != "*" || resp.kind != "OK" {
		return "", fmt.Errorf("unexpected greeting %q", tag+" "+resp.kind+" "+resp.text)
	}
	return resp.text, nil
}

// command sends one command and reads up to its tagged completion. It
// returns the untagged responses and an error unless the completion is OK.
func (c *imapClient) command(format string, args ...any) ([]response, error) {
	c.tag++
	tag := "m" + strconv.Itoa(c.tag)
	line := fmt.Sprintf(format, args...)
	c.conn.SetDeadline(time.Now().Add(imapTimeout))
	if _, err := io.WriteString(c.conn, tag+" "+line+"\r\n"); err != nil {
		return nil, fmt.Errorf("sending %s: %w", verb(line), err)
	}
	var untagged []response
	for {
		resp, t, err := c.readResponse()
		if err != nil {
			return untagged, fmt.Errorf("%s: %w", verb(line), err)
		}
		switch t {
		case "*":
			untagged = append(untagged, resp)
		case tag:
			if resp.kind != "OK" {
				return untagged, fmt.Errorf("%s: server said %s %s", verb(line), resp.kind, resp.text)
			}
			return untagged, nil
		default:
			return untagged, fmt.Errorf("%s: unexpected response %q", verb(line), t+" "+resp.kind+" "+resp.text)
		}
	}
}

// verb is the command name of a command line, for messages (never the
// arguments, which may hold a password).
func verb(line string) string {
	v, _, _ := strings.Cut(line, " ")
	return v
}

// quote makes s an IMAP quoted string.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// readResponse reads one response and returns it with its tag ("*" for
// untagged ones, "+" for a continuation request).
func (c *imapClient) readResponse() (response, string, error) {
	var resp response
	tag, err := c.atom()
	if err != nil {
		return resp, "", err
	}
	if err := c.space(); err != nil {
		return resp, tag, err
	}
	if tag == "+" {
		resp.text, err = c.restOfLine()
		return resp, tag, err
	}
	kind, err := c.atom()
	if err != nil {
		return resp, tag, err
	}
	if n, convErr := strconv.Atoi(kind); convErr == nil && tag == "*" {
		resp.num = n
		if err := c.space(); err != nil {
			return resp, tag, err
		}
		if kind, err = c.atom(); err != nil {
			return resp, tag, err
		}
	}
	resp.kind = strings.ToUpper(kind)
	if tag == "*" && resp.kind == "FETCH" {
		if err := c.space(); err != nil {
			return resp, tag, err
		}
		it, err := c.item()
		if err != nil {
			return resp, tag, err
		}
		if !it.isList {
			return resp, tag, fmt.Errorf("FETCH response without a list")
		}
		resp.fetch = it.list
		_, err = c.restOfLine()
		return resp, tag, err
	}
	if b, err := c.r.ReadByte(); err != nil {
		return resp, tag, err
	} else if b == ' ' {
		resp.text, err = c.restOfLine()
		return resp, tag, err
	}
	c.r.UnreadByte()
	_, err = c.restOfLine()
	return resp, tag, err
}

// space reads one ' '.
func (c *imapClient) space() error {
	b, err := c.r.ReadByte()
	if err != nil {
		return err
	}
	if b != ' ' {
		return fmt.Errorf("expected a space, got %q", b)
	}
	return nil
}

// restOfLine reads up to and including "\r\n", reading any literal the
// line announces at its end ({n}) into the text.
func (c *imapClient) restOfLine() (string, error) {
	var sb strings.Builder
	for {
		line, err := c.r.ReadString('\n')
		if err != nil {
			return sb.String() + line, noEOF(err)
		}
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
		sb.WriteString(line)
		n, ok := literalSize(line)
		if !ok {
			return sb.String(), nil
		}
		buf := make([]byte, n)
		if _, err := io.ReadFull(c.r, buf); err != nil {
			return sb.String(), noEOF(err)
		}
		sb.Write(buf)
	}
}

// literalSize recognizes a line that ends in a literal's announcement.
func literalSize(line string) (int, bool) {
	if !strings.HasSuffix(line, "}") {
		return 0, false
	}
	i := strings.LastIndexByte(line, '{')
	if i < 0 {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(line[i+1:len(line)-1], "+"))
	return n, err == nil && n >= 0
}

// atom reads characters up to a space, parenthesis or line end; brackets
// nest, so "BODY[HEADER.FIELDS (SUBJECT)]" is one atom.
func (c *imapClient) atom() (string, error) {
	var sb strings.Builder
	depth := 0
	for {
		b, err := c.r.ReadByte()
		if err != nil {
			return sb.String(), noEOF(err)
		}
		if depth == 0 && (b == ' ' || b == '(' || b == ')' || b == '\r' || b == '\n') {
			c.r.UnreadByte()
			if sb.Len() == 0 {
				return "", fmt.Errorf("expected an atom, got %q", b)
			}
			return sb.String(), nil
		}
		switch b {
		case '[':
			depth++
		case ']':
			depth--
		}
		sb.WriteByte(b)
	}
}

// item reads one value: a list, a quoted string, a literal or an atom.
func (c *imapClient) item() (item, error) {
	b, err := c.r.ReadByte()
	if err != nil {
		return item{}, noEOF(err)
	}
	switch b {
	case '(':
		it := item{isList: true}
		for {
			b, err := c.r.ReadByte()
			if err != nil {
				return it, noEOF(err)
			}
			switch b {
			case ')':
				return it, nil
			case ' ':
				continue
			}
			c.r.UnreadByte()
			sub, err := c.item()
			if err != nil {
				return it, err
			}
			it.list = append(it.list, sub)
		}
	case '"':
		var sb strings.Builder
		for {
			b, err := c.r.ReadByte()
			if err != nil {
				return item{}, noEOF(err)
			}
			switch b {
			case '"':
				return item{s: sb.String()}, nil
			case '\\':
				if b, err = c.r.ReadByte(); err != nil {
					return item{}, noEOF(err)
				}
			case '\r', '\n':
				return item{}, errors.New("line end inside a quoted string")
			}
			sb.WriteByte(b)
		}
	case '{':
		head, err := c.r.ReadString('\n')
		if err != nil {
			return item{}, noEOF(err)
		}
		n, ok := literalSize("{" + strings.TrimSuffix(head, "\r\n"))
		if !ok || !strings.HasSuffix(head, "}\r\n") {
			return item{}, fmt.Errorf("bad literal {%s", head)
		}
		buf := make([]byte, n)
		if _, err := io.ReadFull(c.r, buf); err != nil {
			return item{}, noEOF(err)
		}
		return item{s: string(buf), literal: true}, nil
	}
	c.r.UnreadByte()
	s, err := c.atom()
	return item{s: s}, err
}

// noEOF makes a premature end of the connection an error that says so.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// fetchMessages fetches messages 1 to n and checks that each came with its
// header, body and size exactly once.
func (c *imapClient) fetchMessages(n int) ([]Message, error) {
	if n == 0 {
		return nil, nil
	}
	untagged, err := c.command("FETCH 1:%d (BODY.PEEK[HEADER] BODY.PEEK[TEXT] RFC822.SIZE)", n)
	if err != nil {
		return nil, err
	}
	msgs := make([]Message, n)
	seen := make([]int, n)
	for _, r := range untagged {
		if r.kind != "FETCH" {
			continue
		}
		if r.num < 1 || r.num > n {
			return nil, fmt.Errorf("FETCH response for message %d of %d", r.num, n)
		}
		m := &msgs[r.num-1]
		m.Seq = r.num
		for i := 0; i+1 < len(r.fetch); i += 2 {
			name, v := strings.ToUpper(r.fetch[i].s), r.fetch[i+1]
			switch name {
			case "BODY[HEADER]":
				m.RawHeader = crlfToLF(nilString(v))
				m.Header = parseHeader(m.RawHeader)
				seen[r.num-1] |= 1
			case "BODY[TEXT]":
				m.Body = crlfToLF(nilString(v))
				seen[r.num-1] |= 2
			case "RFC822.SIZE":
				if m.Size, err = strconv.Atoi(v.s); err != nil {
					return nil, fmt.Errorf("message %d: RFC822.SIZE %q", r.num, v.s)
				}
				seen[r.num-1] |= 4
			}
		}
	}
	for i, s := range seen {
		if s != 7 {
			return nil, fmt.Errorf("message %d: FETCH did not return the header, text and size", i+1)
		}
	}
	return msgs, nil
}

// nilString is a string item's value, "" for NIL.
func nilString(it item) string {
	if !it.literal && strings.EqualFold(it.s, "NIL") {
		return ""
	}
	return it.s
}
