package mta

import (
	"bytes"
	"strings"

	"github.com/gosendmail/gosendmail/queue"
	"github.com/gosendmail/gosendmail/ruleset"
)

// Headers are kept as the queue file keeps them (queue.Header): the
// name, the value after the colon with its leading space and folding
// ("\n\t..."), and the ?condition? of a header that came from an H line.

// splitMessage separates the header of a message from its body. A
// leading "From " line is dropped (sendmail takes it as the old UNIX
// envelope). The header ends at an empty line, or at the first line
// that is not a header field (that line starts the body).
func splitMessage(data []byte) (hdrs []queue.Header, body []byte) {
	if bytes.HasPrefix(data, []byte("From ")) {
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			data = data[i+1:]
		} else {
			data = nil
		}
	}
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		line := data
		rest := []byte(nil)
		if i >= 0 {
			line, rest = data[:i], data[i+1:]
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			return hdrs, rest
		}
		if (line[0] == ' ' || line[0] == '\t') && len(hdrs) > 0 {
			hdrs[len(hdrs)-1].Value += "\n" + string(line)
			data = rest
			continue
		}
		c := bytes.IndexByte(line, ':')
		if c <= 0 || !fieldName(line[:c]) {
			return hdrs, data
		}
		// "H??Name:" in the queue file, as sendmail writes a field
		// without a condition
		hdrs = append(hdrs, queue.Header{HasCond: true, Name: string(line[:c]), Value: string(line[c+1:])})
		data = rest
	}
	return hdrs, nil
}

func fieldName(b []byte) bool {
	for _, c := range b {
		if c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}

func findHeader(hdrs []queue.Header, name string) int {
	for i, h := range hdrs {
		if strings.EqualFold(h.Name, name) {
			return i
		}
	}
	return -1
}

// headerValue is a header's value without its leading white space and
// with its folding undone.
func headerValue(h queue.Header) string {
	v := strings.ReplaceAll(h.Value, "\n", "")
	return strings.TrimLeft(v, " \t")
}

// cfHeader is one H line: ?cond?Name: value, in the .cf's internal form
// (lname: the name in lower case).
type cfHeader struct {
	cond, name, lname, value string
	hasCond                  bool
}

// cfHeaders are the .cf's H lines, read once (the configuration's are
// fixed once it is read).
func (m *MTA) cfHeaders() []cfHeader {
	m.cfHdrsOnce.Do(func() { m.cfHdrs = m.readCfHeaders() })
	return m.cfHdrs
}

func (m *MTA) readCfHeaders() []cfHeader {
	var out []cfHeader
	for _, l := range m.Cf.Headers {
		h := cfHeader{}
		if strings.HasPrefix(l, "?") {
			if j := strings.IndexByte(l[1:], '?'); j >= 0 {
				h.cond, h.hasCond = l[1:1+j], true
				l = l[j+2:]
			}
		}
		c := strings.IndexByte(l, ':')
		if c <= 0 {
			continue
		}
		h.name = strings.TrimSpace(l[:c])
		h.lname = strings.ToLower(h.name)
		h.value = l[c+1:]
		if strings.HasPrefix(strings.TrimLeft(h.value, " \t"), "\x99") {
			continue // "HName: $>Ruleset" checks a field (smtpd), adds none
		}
		out = append(out, h)
	}
	return out
}

// addDefaults puts the .cf's headers before the message's own, as
// sendmail does: each H line whose field the message lacks (Received
// always), expanded now, but for Return-Path, whose $g is bound for each
// mailer at delivery. Resent- fields are added only to a message that
// has some.
func (m *MTA) addDefaults(user []queue.Header) []queue.Header {
	resent := false
	for _, h := range user {
		if len(h.Name) > 7 && strings.EqualFold(h.Name[:7], "resent-") {
			resent = true
		}
	}
	out := make([]queue.Header, 0, len(m.cfHeaders())+len(user))
	for _, d := range m.cfHeaders() {
		lname := d.lname
		if strings.HasPrefix(lname, "resent-") && !resent {
			continue
		}
		if lname != "received" && findHeader(user, d.name) >= 0 {
			continue
		}
		if lname == "return-path" && findHeader(out, d.name) >= 0 {
			continue
		}
		v := d.value
		if lname != "return-path" {
			v = m.Cf.Expand(v)
		}
		if strings.TrimSpace(v) == "" {
			continue
		}
		if v != "" && v[0] != ' ' && v[0] != '\t' {
			v = " " + v
		}
		out = append(out, queue.Header{HasCond: true, Cond: d.cond, Name: d.name, Value: v})
	}
	return append(out, user...)
}

// Address-bearing fields, rewritten for each mailer on the way out.
var senderFields = map[string]bool{"from": true, "sender": true, "reply-to": true, "resent-from": true,
	"resent-sender": true, "resent-reply-to": true, "errors-to": true}
var rcptFields = map[string]bool{"to": true, "cc": true, "bcc": true, "resent-to": true, "resent-cc": true,
	"resent-bcc": true, "apparently-to": true}

// putHeaders writes the header for mailer mr: fields whose ?condition?
// the mailer does not meet are left out, Bcc is dropped when the message
// asks it (-t), macros bound late ($g) are expanded, and address fields
// are rewritten by the mailer's header rulesets.
func (m *MTA) putHeaders(b *bytes.Buffer, hdrs []queue.Header, mr *ruleset.Mailer, dropBcc bool) {
	for _, h := range hdrs {
		if h.HasCond && h.Cond != "" {
			if h.Cond[0] == 0x81 {
				if v, ok := m.Cf.Macro(h.Cond[1:]); !ok || v == "" {
					continue
				}
			} else if !anyFlag(mr, h.Cond) {
				continue
			}
		}
		lname := strings.ToLower(h.Name)
		if dropBcc && (lname == "bcc" || lname == "resent-bcc") {
			continue
		}
		v := h.Value
		if strings.IndexByte(v, 0x81) >= 0 {
			v = m.Cf.Expand(v)
		}
		if senderFields[lname] || rcptFields[lname] {
			flags := ruleset.InHeader
			if senderFields[lname] {
				flags |= ruleset.AsSender
			}
			v = " " + m.rewriteList(headerValue(queue.Header{Value: v}), mr, flags)
		}
		b.WriteString(h.Name)
		b.WriteByte(':')
		b.WriteString(v)
		b.WriteByte('\n')
	}
}

func anyFlag(mr *ruleset.Mailer, flags string) bool {
	for i := 0; i < len(flags); i++ {
		if flags[i] < 128 && mr.Flags[flags[i]] {
			return true
		}
	}
	return false
}

// rewriteList rewrites each address of a comma-separated list.
func (m *MTA) rewriteList(v string, mr *ruleset.Mailer, flags int) string {
	parts := splitList(v)
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" || strings.HasSuffix(p, ";") {
			parts[i] = p
			continue
		}
		parts[i] = m.Cf.RemoteName(p, mr, flags)
	}
	return strings.Join(parts, ", ")
}

// splitList splits an address list at commas outside quotes, comments
// and angle brackets.
func splitList(s string) []string {
	var out []string
	depth, angle, quote := 0, 0, false
	start := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			i++
		case quote:
			if c == '"' {
				quote = false
			}
		case c == '"':
			quote = true
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case depth > 0:
		case c == '<':
			angle++
		case c == '>' && angle > 0:
			angle--
		case c == ',' && angle == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
