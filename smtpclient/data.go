package smtpclient

import (
	"bufio"
	"bytes"
)

// writeData sends a message (header, empty line, body; "\n" or "\r\n"
// line ends) after DATA's 354: each line ended with eol, a leading '.'
// doubled, lines longer than limit (the mailer's L=, 0 none) broken as
// sendmail breaks them (the first limit-1 bytes and '!', the rest on
// lines that begin with a space), the eighth bit cleared when strip7 (F=7),
// and the final "." line. A last line without its newline gets one.
func writeData(w *bufio.Writer, data []byte, eol string, limit int, strip7 bool) error {
	if eol == "" {
		eol = "\r\n"
	}
	for len(data) > 0 {
		var line []byte
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			line, data = data, nil
		} else {
			line, data = data[:i], data[i+1:]
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		first := true
		for {
			n := len(line)
			avail := limit
			if !first {
				avail--
			}
			cont := false
			if avail > 1 && n > avail {
				n = avail - 1
				cont = true
			}
			if !first {
				w.WriteByte(' ')
			} else if n > 0 && line[0] == '.' {
				w.WriteByte('.')
			}
			if strip7 {
				for _, b := range line[:n] {
					w.WriteByte(b & 0x7f)
				}
			} else {
				w.Write(line[:n])
			}
			line = line[n:]
			if !cont {
				w.WriteString(eol)
				break
			}
			w.WriteByte('!')
			w.WriteString(eol)
			first = false
		}
	}
	w.WriteString("." + eol)
	return w.Flush()
}
