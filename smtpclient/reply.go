package smtpclient

import (
	"bufio"
	"errors"
	"fmt"
	"strings"
)

// Reply is one SMTP reply: its three-digit code and its lines, the code and
// the separator removed ("250-PIPELINING" is the line "PIPELINING").
type Reply struct {
	Code  int
	Lines []string
}

// ErrBadReply is returned by ReadReply for a line that is not an SMTP reply.
var ErrBadReply = errors.New("smtpclient: malformed reply")

// maxReplyLines bounds a multi-line reply (a peer that never ends one).
const maxReplyLines = 1000

// maxLine bounds one reply line; RFC 5321 allows 512 bytes, we take more.
const maxLine = 4096

// ReadReply reads one reply: lines "NNN-text" until a line "NNN text" (or
// "NNN" alone). Every line must carry the same code. Line ends may be
// "\r\n" or "\n".
func ReadReply(r *bufio.Reader) (*Reply, error) {
	rep := &Reply{}
	for {
		line, err := readLine(r)
		if err != nil {
			return nil, err
		}
		code, more, text, ok := ParseReplyLine(line)
		if !ok {
			return nil, fmt.Errorf("%w: %q", ErrBadReply, shorten(line, 80))
		}
		if len(rep.Lines) > 0 && code != rep.Code {
			return nil, fmt.Errorf("%w: code %d inside reply %d", ErrBadReply, code, rep.Code)
		}
		rep.Code = code
		rep.Lines = append(rep.Lines, text)
		if !more {
			return rep, nil
		}
		if len(rep.Lines) >= maxReplyLines {
			return nil, fmt.Errorf("%w: more than %d lines", ErrBadReply, maxReplyLines)
		}
	}
}

func readLine(r *bufio.Reader) (string, error) {
	var b []byte
	for {
		part, isPrefix, err := r.ReadLine()
		if err != nil {
			return "", err
		}
		if len(b)+len(part) <= maxLine {
			b = append(b, part...)
		}
		if !isPrefix {
			return string(b), nil
		}
	}
}

// ParseReplyLine splits one reply line into its code (200-599), whether
// more lines follow ('-' after the code) and its text.
func ParseReplyLine(line string) (code int, more bool, text string, ok bool) {
	if len(line) < 3 {
		return 0, false, "", false
	}
	for i := 0; i < 3; i++ {
		if line[i] < '0' || line[i] > '9' {
			return 0, false, "", false
		}
	}
	code = int(line[0]-'0')*100 + int(line[1]-'0')*10 + int(line[2]-'0')
	if code < 200 || code > 599 {
		return 0, false, "", false
	}
	if len(line) == 3 {
		return code, false, "", true
	}
	switch line[3] {
	case '-':
		more = true
	case ' ':
	default:
		return 0, false, "", false
	}
	return code, more, line[4:], true
}

// Line is the reply's last line as the peer sent it ("550 5.1.1 <a@b>...
// nope"): what sendmail quotes in Diagnostic-Code and a deferral message.
func (r *Reply) Line() string {
	if len(r.Lines) == 0 || r.Lines[len(r.Lines)-1] == "" {
		return fmt.Sprintf("%d", r.Code)
	}
	return fmt.Sprintf("%d %s", r.Code, r.Lines[len(r.Lines)-1])
}

// Text is the reply's last line without the code ("2.0.0 Ok: queued as X").
func (r *Reply) Text() string {
	if len(r.Lines) == 0 {
		return ""
	}
	return r.Lines[len(r.Lines)-1]
}

// Enhanced is the RFC 3463 status at the start of the last line, when it
// is there and agrees with the reply's class ("" otherwise).
func (r *Reply) Enhanced() string {
	t := r.Text()
	n := enhancedLen(t)
	if n == 0 || int(t[0]-'0') != r.Code/100 {
		return ""
	}
	return t[:n]
}

// enhancedLen is the length of an enhanced status code "C.S.D" that
// starts s and is followed by a space or the end, 0 if there is none.
func enhancedLen(s string) int {
	if len(s) < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.' {
		return 0
	}
	i := 2
	for part := 0; part < 2; part++ {
		j := i
		for j < len(s) && j-i < 3 && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			return 0
		}
		i = j
		if part == 0 {
			if i >= len(s) || s[i] != '.' {
				return 0
			}
			i++
		}
	}
	if i < len(s) && s[i] != ' ' {
		return 0
	}
	return i
}

// Transcript writes the reply as the "<<< " lines of sendmail's session
// transcript.
func (r *Reply) transcript(b *strings.Builder) {
	for i, l := range r.Lines {
		sep := " "
		if i < len(r.Lines)-1 {
			sep = "-"
		}
		if l == "" && sep == " " {
			fmt.Fprintf(b, "<<< %d\n", r.Code)
			continue
		}
		fmt.Fprintf(b, "<<< %d%s%s\n", r.Code, sep, l)
	}
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
