package mlog

import (
	"strconv"
	"strings"
)

// cut keeps the first n bytes of s.
func cut(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// shorten keeps a value of m bytes or more to its first and last
// (m-3)/2 bytes around "...", as sendmail shortens ctladdr=, relay=,
// reply=, stat= and a notification's text.
func shorten(s string, m int) string {
	if len(s) < m {
		return s
	}
	h := (m - 3) / 2
	return s[:h] + "..." + s[len(s)-h:]
}

// escape makes a message printable as sendmail does before syslog sees
// it: a backslash doubled, tab, newline and carriage return as \t \n \r,
// any other control or non-ASCII byte as a backslash and three octal
// digits.
func escape(s string) string {
	i := 0
	for i < len(s) && s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\' {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			b.WriteString(`\\`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < 0x20 || c >= 0x7f:
			b.WriteByte('\\')
			b.WriteByte('0' + c>>6)
			b.WriteByte('0' + c>>3&7)
			b.WriteByte('0' + c&7)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// unescape reverses escape; text that escape cannot have written is
// kept as it is.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		switch n := s[i+1]; {
		case n == '\\':
			b.WriteByte('\\')
			i++
		case n == 't':
			b.WriteByte('\t')
			i++
		case n == 'n':
			b.WriteByte('\n')
			i++
		case n == 'r':
			b.WriteByte('\r')
			i++
		case i+3 < len(s) && isOct(n) && n <= '3' && isOct(s[i+2]) && isOct(s[i+3]):
			b.WriteByte((n-'0')<<6 | (s[i+2]-'0')<<3 | (s[i+3] - '0'))
			i += 3
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isOct(c byte) bool { return c >= '0' && c <= '7' }

// defaultTagLen is what the default tag counts for in the split: the
// reference splits as if its own "sendmail" were one byte shorter than
// the same tag given with -L.
const defaultTagLen = 7

// splitLimits are the lengths sm_syslog works with for a queue ID and a
// tag: a message of at most whole bytes goes out as it is; a longer one
// is sent in pieces of at most piece bytes, each broken after the last
// blank or comma that fits (at piece-1 bytes when none does) and ending
// in " ...", numbered ID[1], ID[2]... (Measured on 8.17.1.9 with 14-byte
// queue IDs and tags of 1 to 30 bytes; that the ID's length counts as
// the tag's does is sendmail's own arithmetic, not a measurement.)
func splitLimits(id, tag string) (whole, piece int) {
	tl := defaultTagLen
	if tag != "" {
		tl = len(tag)
	}
	piece = sysBufSize - len(id) - 46 - tl
	return piece + 9, piece
}

// wire is sm_syslog: the message "ID: text", or its numbered pieces
// (without an ID, "text" and "[n]: text").
func wire(id, text, tag string) []string {
	whole, piece := splitLimits(id, tag)
	if len(text) <= whole || piece < 2 {
		if id == "" {
			return []string{text}
		}
		return []string{id + ": " + text}
	}
	var out []string
	seq := 1
	for len(text) > whole {
		q := piece - 1
		for ; q > 0; q-- {
			if text[q] == ' ' || text[q] == ',' {
				break
			}
		}
		n := q + 1
		if q == 0 {
			n = piece - 1
		}
		out = append(out, id+"["+strconv.Itoa(seq)+"]: "+text[:n]+" ...")
		text = text[n:]
		seq++
	}
	return append(out, id+"["+strconv.Itoa(seq)+"]: "+text)
}
