package deliver

import (
	"bufio"
	"bytes"
	"io"
	"time"
)

// Escape says which lines of a message get a '>' put in front of them so
// that a mailbox reader cannot take them for the start of a new message.
type Escape int

const (
	// EscapeNone leaves every line alone, as sendmail does for a mailer
	// without F=E (the prog mailer).
	EscapeNone Escape = iota
	// EscapeAll puts '>' before every line that begins with "From ", as
	// sendmail does for a mailer with F=E (the *file* mailer, and Debian's
	// local mailer definitions that write mbox themselves). Lines that
	// already begin with ">From " are left as they are (mboxo, not mboxrd).
	EscapeAll
	// EscapeAfterBlank puts '>' only before a "From " line that opens the
	// message or follows an empty line, as mail.local's manual describes.
	EscapeAfterBlank
)

// Trailer says what is written after the last line of a message.
type Trailer int

const (
	// TrailerNone ends an unterminated last line with "\n" and adds
	// nothing else: what sendmail gives a program.
	TrailerNone Trailer = iota
	// TrailerBlank ends an unterminated last line, then writes one empty
	// line, so every message in the mailbox ends in a blank line.
	TrailerBlank
	// TrailerFile is what sendmail 8.17's file mailer writes: one empty
	// line after a message that ended in a newline, and only the missing
	// newline after one that did not.
	TrailerFile
)

// Format is how a message is written into a mailbox, a file or a pipe.
type Format struct {
	// FromLine is written first, followed by "\n": the UNIX "From " line
	// (see UnixFromLine). Empty writes none, as for a mailer with F=n.
	FromLine string
	Escape   Escape
	Trailer  Trailer
}

// ctimeLayout is ctime(3)'s format, which sendmail's $d macro and
// mail.local use in the "From " line: "Wed Nov 25 19:04:46 2026".
const ctimeLayout = "Mon Jan _2 15:04:05 2006"

// UnixFromLine is the envelope line that starts a message in an mbox,
// "From sender date", with the date in ctime(3) format in t's location
// (sendmail's default UnixFromLine, "From $g $d", and mail.local's). The
// sender is written as given: for the null sender both sendmail's file
// mailer and mail.local -f "" write an empty one, "From  Wed Nov ...".
func UnixFromLine(sender string, t time.Time) string {
	return "From " + sender + " " + t.Format(ctimeLayout)
}

// MboxFormat is the format of built-in local delivery and of file
// delivery: a From line, every "From " line escaped (F=E), and a blank
// line after the message.
func MboxFormat(sender string, t time.Time) Format {
	return Format{FromLine: UnixFromLine(sender, t), Escape: EscapeAll, Trailer: TrailerBlank}
}

var fromPrefix = []byte("From ")

// WriteMessage copies the message read from r (header, empty line, body;
// lines ending in "\n" or "\r\n") to w in format f: the From line, each
// line with "\r\n" turned into "\n" and escaped as f.Escape says, then
// the trailer. Lines of any length are copied without being split.
func WriteMessage(w io.Writer, f Format, r io.Reader) error {
	bw := bufio.NewWriterSize(w, 32<<10)
	if f.FromLine != "" {
		bw.WriteString(f.FromLine)
		bw.WriteByte('\n')
	}
	br := bufio.NewReaderSize(r, 64<<10)
	var (
		lineStart = true  // the next byte starts a line
		lineLen   = 0     // bytes of the current line written so far
		prevBlank = true  // the previous line was empty (or there was none)
		endedNL   = true  // the message ended in a newline (or was empty)
		pendingCR = false // a '\r' ended the last chunk; it may start "\r\n"
	)
	for {
		chunk, err := br.ReadSlice('\n')
		if len(chunk) > 0 {
			if pendingCR {
				pendingCR = false
				if chunk[0] != '\n' {
					bw.WriteByte('\r')
					lineLen++
				}
			}
			nl := chunk[len(chunk)-1] == '\n'
			text := chunk
			if nl {
				text = text[:len(text)-1]
				if n := len(text); n > 0 && text[n-1] == '\r' {
					text = text[:n-1]
				}
			} else if n := len(text); text[n-1] == '\r' {
				pendingCR = true
				text = text[:n-1]
			}
			if lineStart && lineLen == 0 && bytes.HasPrefix(text, fromPrefix) {
				if f.Escape == EscapeAll || (f.Escape == EscapeAfterBlank && prevBlank) {
					bw.WriteByte('>')
				}
			}
			bw.Write(text)
			lineLen += len(text)
			lineStart = false
			if nl {
				bw.WriteByte('\n')
				prevBlank = lineLen == 0
				lineLen = 0
				lineStart = true
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	if pendingCR {
		bw.WriteByte('\r')
		lineStart = false
	}
	if !lineStart {
		bw.WriteByte('\n')
		endedNL = false
	}
	switch f.Trailer {
	case TrailerBlank:
		bw.WriteByte('\n')
	case TrailerFile:
		if endedNL {
			bw.WriteByte('\n')
		}
	}
	return bw.Flush()
}
