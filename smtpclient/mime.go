package smtpclient

import (
	"bytes"
	"encoding/base64"
	"mime"
	"strings"
)

// This file is sendmail's MIME 8->7 conversion (its MIME8TO7): a message
// with a MIME-Version: header and an 8-bit body, sent to a peer without
// 8BITMIME, has every 8-bit leaf part re-encoded, quoted-printable when
// few of its bytes are 8-bit and base64 when more than an eighth are, its
// Content-Transfer-Encoding: changed and an X-MIME-Autoconverted: field
// added after it. Multipart boundaries, preambles, epilogues and the parts
// that are 7-bit already are copied unchanged; message/rfc822 parts are
// converted inside. What we do was learnt from the reference's output.

// qpMaxLine is the number of encoded characters on a line before a soft
// line break ("=" follows them).
const qpMaxLine = 73

// b64Line is the length of a base64 line.
const b64Line = 72

// Needs8to7 tells whether the message (header, empty line, body) is one
// sendmail converts: it has a MIME-Version: field and 8-bit bytes.
func Needs8to7(data []byte) bool {
	h, _ := splitEntity(data)
	return has8bit(data) && headerValue(h, "MIME-Version") != ""
}

// Convert8to7 converts the message data ("\n" line ends) for a 7-bit
// peer. host and id name us in X-MIME-Autoconverted: ($j, the queue ID).
func Convert8to7(data []byte, host, id string) []byte {
	var out bytes.Buffer
	convertEntity(&out, data, "text/plain", host, id, 0)
	return out.Bytes()
}

// maxDepth bounds nested multiparts.
const maxDepth = 50

// splitEntity cuts an entity at the empty line after its header; the
// header keeps its final "\n".
func splitEntity(data []byte) (header, body []byte) {
	if len(data) > 0 && data[0] == '\n' {
		return nil, data[1:]
	}
	if i := bytes.Index(data, []byte("\n\n")); i >= 0 {
		return data[:i+1], data[i+2:]
	}
	return data, nil
}

// headerFields splits a header into fields, continuation lines kept with
// their field (each field ends in "\n").
func headerFields(h []byte) []string {
	var fs []string
	for _, l := range strings.SplitAfter(string(h), "\n") {
		if l == "" {
			continue
		}
		if (l[0] == ' ' || l[0] == '\t') && len(fs) > 0 {
			fs[len(fs)-1] += l
			continue
		}
		fs = append(fs, l)
	}
	return fs
}

func fieldName(f string) string {
	i := strings.IndexByte(f, ':')
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(f[:i])
}

func headerValue(h []byte, name string) string {
	for _, f := range headerFields(h) {
		if strings.EqualFold(fieldName(f), name) {
			v := f[strings.IndexByte(f, ':')+1:]
			return strings.TrimSpace(strings.Join(strings.Fields(v), " "))
		}
	}
	return ""
}

func has8bit(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// convertEntity writes one entity (header, empty line, body) converted.
// def is the content type when the header names none.
func convertEntity(out *bytes.Buffer, data []byte, def, host, id string, depth int) {
	h, body := splitEntity(data)
	hasBlank := len(h) < len(data) || (len(data) > 0 && data[0] == '\n')
	ct := headerValue(h, "Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if ct == "" || err != nil {
		mt, params = def, nil
	}
	cte := strings.ToLower(headerValue(h, "Content-Transfer-Encoding"))
	switch {
	case depth < maxDepth && strings.HasPrefix(mt, "multipart/") && params["boundary"] != "":
		out.Write(h)
		if hasBlank {
			out.WriteByte('\n')
		}
		sub := "text/plain"
		if mt == "multipart/digest" {
			sub = "message/rfc822"
		}
		convertMultipart(out, body, params["boundary"], sub, host, id, depth)
	case depth < maxDepth && mt == "message/rfc822" && (cte == "" || cte == "7bit" || cte == "8bit"):
		out.Write(h)
		if hasBlank {
			out.WriteByte('\n')
		}
		convertEntity(out, body, "text/plain", host, id, depth+1)
	case !has8bit(body) || cte == "base64" || cte == "quoted-printable" || cte == "binary" && !hasBlank:
		out.Write(data)
	default:
		enc := "quoted-printable"
		if high := count8bit(body); high > len(body)/8 {
			enc = "base64"
		}
		from := cte
		if from == "" {
			from = "8bit"
		}
		writeConvertedHeader(out, h, enc, "X-MIME-Autoconverted: from "+from+" to "+enc+" by "+host+" id "+id+"\n")
		out.WriteByte('\n')
		if enc == "base64" {
			encodeBase64(out, body)
		} else {
			encodeQP(out, body)
		}
	}
}

func count8bit(b []byte) int {
	n := 0
	for _, c := range b {
		if c >= 0x80 {
			n++
		}
	}
	return n
}

// writeConvertedHeader writes h with its Content-Transfer-Encoding:
// replaced (or added at the end) and note after it.
func writeConvertedHeader(out *bytes.Buffer, h []byte, enc, note string) {
	done := false
	for _, f := range headerFields(h) {
		if !done && strings.EqualFold(fieldName(f), "Content-Transfer-Encoding") {
			out.WriteString("Content-Transfer-Encoding: " + enc + "\n" + note)
			done = true
			continue
		}
		out.WriteString(f)
		if !strings.HasSuffix(f, "\n") {
			out.WriteByte('\n')
		}
	}
	if !done {
		out.WriteString("Content-Transfer-Encoding: " + enc + "\n" + note)
	}
}

// convertMultipart copies the body of a multipart entity, converting each
// part between "--boundary" lines. The newline before a delimiter line
// belongs to the delimiter.
func convertMultipart(out *bytes.Buffer, body []byte, boundary, def, host, id string, depth int) {
	delim := "--" + boundary
	lines := bytes.SplitAfter(body, []byte("\n"))
	inPart, ended := false, false
	var part []byte
	flush := func() {
		if inPart {
			p := bytes.TrimSuffix(part, []byte("\n"))
			convertEntity(out, p, def, host, id, depth+1)
			if len(p) < len(part) {
				out.WriteByte('\n')
			}
		}
		part = part[:0]
	}
	for _, l := range lines {
		if ended {
			out.Write(l)
			continue
		}
		t := strings.TrimRight(strings.TrimSuffix(string(l), "\n"), " \t")
		if strings.HasPrefix(t, delim) && (t == delim || t == delim+"--") {
			flush()
			out.Write(l)
			inPart = true
			if t == delim+"--" {
				ended = true
			}
			continue
		}
		if inPart {
			part = append(part, l...)
		} else {
			out.Write(l)
		}
	}
	if !ended {
		flush()
	}
}

// encodeQP writes body as quoted-printable: line by line (line ends stay
// hard breaks), '=', controls and 8-bit bytes as =XX, white space at the
// end of a line and a line that is a single '.' encoded, soft breaks
// after qpMaxLine characters.
func encodeQP(out *bytes.Buffer, body []byte) {
	const hex = "0123456789ABCDEF"
	if len(body) == 0 {
		return
	}
	lines := bytes.Split(body, []byte("\n"))
	last := len(lines) - 1
	for k, l := range lines {
		if k == last && len(l) == 0 {
			break // the body ended with a newline
		}
		if k > 0 {
			out.WriteByte('\n')
		}
		if k < last {
			l = bytes.TrimSuffix(l, []byte("\r"))
		}
		if len(l) == 1 && l[0] == '.' {
			out.WriteString("=2E")
			continue
		}
		n := 0
		for i, c := range l {
			var tok string
			switch {
			case (c == ' ' || c == '\t') && i == len(l)-1:
				tok = string([]byte{'=', hex[c>>4], hex[c&15]})
			case c == ' ' || c == '\t' || c >= 33 && c <= 126 && c != '=':
				tok = string(c)
			default:
				tok = string([]byte{'=', hex[c>>4], hex[c&15]})
			}
			if n+len(tok) > qpMaxLine {
				out.WriteString("=\n")
				n = 0
			}
			out.WriteString(tok)
			n += len(tok)
		}
	}
	if body[len(body)-1] == '\n' {
		out.WriteByte('\n')
	}
}

// encodeBase64 writes body as base64 of its canonical form (lines ended
// by CRLF), in lines of b64Line characters.
func encodeBase64(out *bytes.Buffer, body []byte) {
	canon := bytes.ReplaceAll(bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
	enc := base64.StdEncoding.EncodeToString(canon)
	for len(enc) > b64Line {
		out.WriteString(enc[:b64Line] + "\n")
		enc = enc[b64Line:]
	}
	out.WriteString(enc)
	if len(body) > 0 && body[len(body)-1] == '\n' {
		out.WriteByte('\n')
	}
}
