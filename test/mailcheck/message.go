package mailcheck

import "strings"

// A Field is one header field of a message as the mailbox reader gave it.
type Field struct {
	// Name is the field name as written ("Subject", "X-Mailer").
	Name string
	// Value is what follows the colon, unfolded (the line breaks of
	// continuation lines removed, their leading blanks kept), without
	// the blanks after the colon and at the end.
	Value string
}

// A Message is one message of a mailbox as Dovecot serves it over IMAP.
// Dovecot sends every line with "\r\n"; Header and Body have it made "\n"
// again, which is how the mbox stores them.
type Message struct {
	// Seq is the IMAP sequence number, 1 for the first message.
	Seq int
	// Header holds the header fields in the order of the message. A line
	// that is neither a field (a name of printable characters other than
	// space, then a colon) nor a continuation becomes a Field whose Name
	// is the whole line and whose Value is empty.
	Header []Field
	// RawHeader is BODY[HEADER]: the header lines and, when the message
	// has one, the empty line that ends the header.
	RawHeader string
	// Body is BODY[TEXT], everything after that empty line.
	Body string
	// Size is RFC822.SIZE, the size of the message with "\r\n" line ends.
	Size int
}

// Get returns the value of the first field called name (compared without
// regard to case), or "".
func (m *Message) Get(name string) string {
	for _, f := range m.Header {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Values returns the values of every field called name, in order.
func (m *Message) Values(name string) []string {
	var v []string
	for _, f := range m.Header {
		if strings.EqualFold(f.Name, name) {
			v = append(v, f.Value)
		}
	}
	return v
}

// parseHeader splits a header (lines ending in "\n") into fields.
func parseHeader(h string) []Field {
	var fields []Field
	for line := range strings.Lines(h) {
		line = strings.TrimSuffix(line, "\n")
		if line == "" {
			break
		}
		if (line[0] == ' ' || line[0] == '\t') && len(fields) > 0 {
			f := &fields[len(fields)-1]
			f.Value = strings.Trim(f.Value+line, " \t")
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		name = strings.TrimRight(name, " \t")
		if !ok || !fieldName(name) {
			fields = append(fields, Field{Name: line})
			continue
		}
		fields = append(fields, Field{Name: name, Value: strings.Trim(value, " \t")})
	}
	return fields
}

// fieldName reports whether s is a field name: printable ASCII other than
// space and colon (RFC 5322's ftext).
func fieldName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// crlfToLF turns every "\r\n" into "\n".
func crlfToLF(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
