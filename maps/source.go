package maps

import (
	"bufio"
	"bytes"
	"io"
)

// SourceOptions control how ParseSource reads a makemap source.
type SourceOptions struct {
	Sep        byte // key/value separator; 0 means white space
	Comment    byte // comment character; 0 means '#'
	NoFold     bool // -f: keep the case of keys
	AllowEmpty bool // -e: accept lines without a value
	InclNull   bool // -N: store a trailing NUL with keys and values
}

// maxSourceLine is sendmail's line buffer: a line (with its newline) longer
// than 1023 bytes is rejected piece by piece.
const maxSourceLine = 1024

// ParseSource reads makemap input: one record a line, the key up to the
// first white space (or Sep), the value after the white space that follows.
// Blank lines and lines starting with the comment character are skipped;
// keys are folded to lower case unless NoFold. For each record it calls
// rec, for each bad line bad, with sendmail's message text (without the
// "makemap: map: line N: " prefix). Line numbers count pieces of long
// lines as sendmail does.
func ParseSource(r io.Reader, o SourceOptions, rec func(line int, key, val []byte) error, bad func(line int, msg string)) error {
	br := bufio.NewReaderSize(r, 64<<10)
	comment := o.Comment
	if comment == 0 {
		comment = '#'
	}
	lineno := 0
	var long []byte
	var buf []byte
	for {
		l, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			long = append(long, l...)
			continue
		}
		if long != nil {
			l = append(long, l...)
			long = nil
		}
		if err != nil && err != io.EOF {
			return err
		}
		if len(l) == 0 {
			return nil
		}
		hasNL := l[len(l)-1] == '\n'
		if hasNL {
			l = l[:len(l)-1]
		}
		for len(l) >= maxSourceLine-1 {
			lineno++
			bad(lineno, "line too long (1024 bytes max)")
			l = l[maxSourceLine-1:]
		}
		if len(l) > 0 || hasNL {
			lineno++
			buf = append(buf[:0], l...)
			if e := parseSourceLine(buf, lineno, comment, o, rec, bad); e != nil {
				return e
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

func isCSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func parseSourceLine(l []byte, lineno int, comment byte, o SourceOptions, rec func(int, []byte, []byte) error, bad func(int, string)) error {
	if i := bytes.IndexByte(l, 0); i >= 0 {
		l = l[:i]
	}
	if len(l) == 0 || l[0] == comment {
		return nil
	}
	if o.Sep == 0 && isCSpace(l[0]) {
		bad(lineno, "syntax error (leading space)")
		return nil
	}
	p := 0
	for ; p < len(l); p++ {
		c := l[p]
		if o.Sep == 0 {
			if isCSpace(c) {
				break
			}
		} else if c == o.Sep {
			break
		}
		if !o.NoFold && c >= 'A' && c <= 'Z' {
			l[p] = c + 'a' - 'A'
		}
	}
	key := l[:p]
	if p < len(l) {
		p++
	}
	for p < len(l) && isCSpace(l[p]) {
		p++
	}
	val := l[p:]
	if !o.AllowEmpty && len(val) == 0 {
		bad(lineno, "no RHS for LHS "+string(key))
		return nil
	}
	if o.InclNull {
		// key is followed by the separator or the end of l: build copies.
		key = append(append([]byte(nil), key...), 0)
		val = append(append([]byte(nil), val...), 0)
	}
	return rec(lineno, key, val)
}
