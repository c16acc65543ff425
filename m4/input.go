package m4

import "strings"

// The input stack. Each block is a file, a string pushed back for rescanning
// (a macro's expansion), or a builtin token produced by defn. Reading pops
// exhausted blocks; file and line tracking follows GNU m4: a string block
// records where it was pushed, and a file's line number advances when the
// character after a newline is read.

type blockKind uint8

const (
	blockString blockKind = iota
	blockFile
	blockMacro
)

type block struct {
	kind    blockKind
	s       string
	pos     int
	file    string
	line    int
	fn      *builtin
	advance bool // file: the caller's startOfLine, restored at pop
}

const (
	chEOF   = -1
	chMacro = -2
)

func (in *Interp) pushFile(data, title string) {
	in.dropExhausted()
	b := &block{kind: blockFile, s: data, file: title, line: 1, advance: in.startOfLine}
	in.startOfLine = false
	in.stack = append(in.stack, b)
	in.inputChange = true
	if in.debug&dbgInput != 0 {
		in.debugMessage("input read from %s", title)
	}
	in.outLine = -1
}

// pushString pushes text to be rescanned, recording the current location.
func (in *Interp) pushString(s string) {
	if s == "" {
		return
	}
	in.dropExhausted()
	var b *block
	if n := len(in.freeBlocks); n > 0 {
		b = in.freeBlocks[n-1]
		in.freeBlocks = in.freeBlocks[:n-1]
		*b = block{kind: blockString, s: s, file: in.curFile, line: in.curLine}
	} else {
		b = &block{kind: blockString, s: s, file: in.curFile, line: in.curLine}
	}
	in.stack = append(in.stack, b)
	in.inputChange = true
}

func (in *Interp) pushMacro(fn *builtin) {
	in.dropExhausted()
	in.stack = append(in.stack, &block{kind: blockMacro, fn: fn, file: in.curFile, line: in.curLine})
	in.inputChange = true
}

// dropExhausted pops exhausted string blocks from the top, so that tail
// recursion does not grow the stack. Reading would pop them anyway, with the
// same effect on the current location.
func (in *Interp) dropExhausted() {
	for n := len(in.stack); n > 0; n-- {
		b := in.stack[n-1]
		if b.kind != blockString || b.pos < len(b.s) {
			return
		}
		in.stack[n-1] = nil
		in.stack = in.stack[:n-1]
		in.freeBlocks = append(in.freeBlocks, b)
		in.inputChange = true
	}
}

func (in *Interp) popInput() {
	n := len(in.stack)
	b := in.stack[n-1]
	in.stack[n-1] = nil
	in.stack = in.stack[:n-1]
	if b.kind == blockString {
		// reused by pushString; nothing reads a popped block after the
		// next push
		in.freeBlocks = append(in.freeBlocks, b)
	}
	if b.kind == blockFile {
		if in.debug&dbgInput != 0 {
			if n > 1 {
				p := in.stack[n-2]
				in.debugMessage("input reverted to %s, line %d", p.file, p.line)
			} else {
				in.debugMessage("input exhausted")
			}
		}
		in.startOfLine = b.advance
		in.outLine = -1
	}
	in.inputChange = true
}

// peekChar returns the next input character without consuming it.
func (in *Interp) peekChar() int {
	for i := len(in.stack) - 1; i >= 0; i-- {
		b := in.stack[i]
		switch b.kind {
		case blockMacro:
			return chMacro
		default:
			if b.pos < len(b.s) {
				return int(b.s[b.pos])
			}
		}
	}
	return chEOF
}

// top returns the block reading continues from, popping exhausted ones and
// updating the current location; nil at end of input.
func (in *Interp) top() *block {
	if n := len(in.stack); n > 0 && !in.inputChange {
		if b := in.stack[n-1]; b.pos < len(b.s) {
			return b
		}
	}
	for {
		n := len(in.stack)
		if n == 0 {
			in.curFile, in.curLine = "", 0
			return nil
		}
		b := in.stack[n-1]
		if in.inputChange {
			in.curFile, in.curLine = b.file, b.line
			in.inputChange = false
		}
		if b.kind == blockMacro || b.pos < len(b.s) {
			return b
		}
		in.popInput()
	}
}

// nextChar consumes one character.
func (in *Interp) nextChar() int {
	b := in.top()
	if b == nil {
		return chEOF
	}
	if b.kind == blockMacro {
		in.popInput()
		return chMacro
	}
	return int(in.consume(b))
}

// consume reads the next character of block b, which has one, counting
// lines in files: the line number advances when the character after a
// newline is read.
func (in *Interp) consume(b *block) byte {
	c := b.s[b.pos]
	b.pos++
	if b.kind == blockFile {
		if in.startOfLine {
			in.startOfLine = false
			b.line++
			in.curLine = b.line
		}
		if c == '\n' {
			in.startOfLine = true
		}
	}
	return c
}

// advance consumes n characters of block b (the top block), which holds them.
func (in *Interp) advance(b *block, n int) {
	if b.kind == blockFile && n > 0 {
		seg := b.s[b.pos : b.pos+n]
		inc := strings.Count(seg[:n-1], "\n")
		if in.startOfLine {
			inc++
		}
		if inc > 0 {
			b.line += inc
			in.curLine = b.line
		}
		in.startOfLine = seg[n-1] == '\n'
	}
	b.pos += n
}

// matchRest reports whether the input after the character just read starts
// with rest, and consumes it if so. It looks across blocks.
func (in *Interp) matchRest(rest string) bool {
	if rest == "" {
		return true
	}
	// fast path: the top block holds it all
	if n := len(in.stack); n > 0 {
		b := in.stack[n-1]
		if b.kind != blockMacro && len(b.s)-b.pos >= len(rest) {
			if b.s[b.pos:b.pos+len(rest)] != rest {
				return false
			}
			in.advance(b, len(rest))
			return true
		}
	}
	// slow path: peek across blocks without consuming
	k := 0
	for i := len(in.stack) - 1; i >= 0 && k < len(rest); i-- {
		b := in.stack[i]
		if b.kind == blockMacro {
			return false
		}
		for p := b.pos; p < len(b.s) && k < len(rest); p++ {
			if b.s[p] != rest[k] {
				return false
			}
			k++
		}
	}
	if k < len(rest) {
		return false
	}
	for range rest {
		in.nextChar()
	}
	return true
}

type tokType uint8

const (
	tokEOF tokType = iota
	tokString
	tokWord
	tokOpen
	tokComma
	tokClose
	tokSimple
	tokMacdef
)

type token struct {
	typ  tokType
	text string
	fn   *builtin
}

func isWordStart(c int) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isWordChar(c int) bool {
	return isWordStart(c) || c >= '0' && c <= '9'
}

var wordChar, wordStart = func() (t, u [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isWordChar(c)
		u[c] = isWordStart(c)
	}
	return
}()

// nextToken reads one token. line receives the line where it started.
func (in *Interp) nextToken() (token, int) {
	b := in.top()
	if b == nil {
		return token{typ: tokEOF}, in.curLine
	}
	if b.kind == blockMacro {
		in.popInput()
		return token{typ: tokMacdef, fn: b.fn}, in.curLine
	}
	start := b.pos
	c := in.consume(b)
	file, line := in.curFile, in.curLine
	switch {
	case in.bcomm != "" && c == in.bcomm[0] && in.matchRest(in.bcomm[1:]):
		return token{typ: tokString, text: in.readComment(b, start, file, line)}, line
	case wordStart[c]:
		return token{typ: tokWord, text: in.readWord(b, start)}, line
	case in.lquote != "" && c == in.lquote[0] && in.matchRest(in.lquote[1:]):
		return token{typ: tokString, text: in.readQuoted(file, line)}, line
	}
	t := tokSimple
	switch c {
	case '(':
		t = tokOpen
	case ',':
		t = tokComma
	case ')':
		t = tokClose
	}
	return token{typ: t, text: b.s[start : start+1]}, line
}

func (in *Interp) readWord(b *block, start int) string {
	// fast path within the block
	p := b.pos
	for p < len(b.s) && wordChar[b.s[p]] {
		p++
	}
	in.advance(b, p-b.pos)
	if p < len(b.s) || !wordChar[in.peekCharByte()] {
		return b.s[start:p]
	}
	var sb strings.Builder
	sb.WriteString(b.s[start:p])
	for {
		c := in.peekChar()
		if c < 0 || !wordChar[c] {
			return sb.String()
		}
		sb.WriteByte(byte(in.nextChar()))
	}
}

func (in *Interp) peekCharByte() byte {
	c := in.peekChar()
	if c < 0 {
		return 0
	}
	return byte(c)
}

func (in *Interp) readComment(b *block, start int, file string, line int) string {
	// fast path: the end delimiter is in the same block
	if in.stack[len(in.stack)-1] == b && in.ecomm != "" {
		if i := strings.Index(b.s[b.pos:], in.ecomm); i >= 0 {
			in.advance(b, i+len(in.ecomm))
			return b.s[start:b.pos]
		}
	}
	var sb strings.Builder
	sb.WriteString(in.bcomm)
	for {
		c := in.nextChar()
		if c == chEOF {
			in.errorAt(file+":"+itoa(line)+":", true, "ERROR: end of file in comment")
		}
		if c == chMacro {
			continue
		}
		if in.ecomm != "" && byte(c) == in.ecomm[0] && in.matchRest(in.ecomm[1:]) {
			sb.WriteString(in.ecomm)
			return sb.String()
		}
		sb.WriteByte(byte(c))
	}
}

func (in *Interp) readQuoted(file string, line int) string {
	lq, rq := in.lquote, in.rquote
	if n := len(in.stack); n > 0 {
		if s, ok := in.quotedFast(in.stack[n-1], lq, rq); ok {
			return s
		}
	}
	var sb strings.Builder
	level := 1
	for {
		c := in.nextChar()
		if c == chEOF {
			in.errorAt(file+":"+itoa(line)+":", true, "ERROR: end of file in string")
		}
		if c == chMacro {
			continue
		}
		if rq != "" && byte(c) == rq[0] && in.matchRest(rq[1:]) {
			level--
			if level == 0 {
				return sb.String()
			}
			sb.WriteString(rq)
		} else if byte(c) == lq[0] && in.matchRest(lq[1:]) {
			level++
			sb.WriteString(lq)
		} else {
			sb.WriteByte(byte(c))
		}
	}
}

// quotedFast scans a quoted string wholly inside block b.
func (in *Interp) quotedFast(b *block, lq, rq string) (string, bool) {
	if b.kind == blockMacro || rq == "" {
		return "", false
	}
	s := b.s
	level := 1
	p := b.pos
	if len(lq) == 1 && len(rq) == 1 {
		l, r := lq[0], rq[0]
		for ; p < len(s); p++ {
			c := s[p]
			if c == r {
				level--
				if level == 0 {
					out := s[b.pos:p]
					in.advance(b, p+1-b.pos)
					return out, true
				}
			} else if c == l {
				level++
			}
		}
		return "", false
	}
	for p < len(s) {
		if strings.HasPrefix(s[p:], rq) {
			level--
			if level == 0 {
				out := s[b.pos:p]
				in.advance(b, p+len(rq)-b.pos)
				return out, true
			}
			p += len(rq)
		} else if strings.HasPrefix(s[p:], lq) {
			level++
			p += len(lq)
		} else {
			p++
		}
	}
	return "", false
}

// skipLine consumes input through the next newline (dnl); it reports false
// when end of input came first.
func (in *Interp) skipLine() bool {
	for {
		b := in.top()
		if b == nil {
			return false
		}
		if b.kind == blockMacro {
			in.popInput()
			continue
		}
		if i := strings.IndexByte(b.s[b.pos:], '\n'); i >= 0 {
			in.advance(b, i+1)
			return true
		}
		in.advance(b, len(b.s)-b.pos)
	}
}

func (in *Interp) pushWrapup(text string) {
	in.wrapups = append(in.wrapups, &block{kind: blockString, s: text, file: in.curFile, line: in.curLine})
}

// popWrapup makes the saved m4wrap texts the input, last saved on top.
func (in *Interp) popWrapup() bool {
	in.stack = in.stack[:0]
	if len(in.wrapups) == 0 {
		return false
	}
	in.stack = append(in.stack, in.wrapups...)
	in.wrapups = nil
	in.inputChange = true
	return true
}

func itoa(n int) string {
	return formatInt(int64(n))
}

func formatInt(n int64) string {
	var buf [24]byte
	i := len(buf)
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-n)
	}
	for {
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}
