package queue

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Version is the control-file format version sendmail 8.13 to 8.17
// write, and the highest this package reads.
const Version = 8

// Envelope is what a control file holds. Fields are the records'
// values as written, without the record letter.
type Envelope struct {
	Version     int    // V
	Created     int64  // T, Unix seconds
	LastAttempt int64  // K, Unix seconds, 0 when never tried
	Tries       int    // N
	Priority    int64  // P
	DataDir     string // d: df directory relative to QueueDirectory, "" for the qf's own
	DataInode   *Inode // I
	BodyType    string // B: "7BIT", "8BITMIME" or ""
	Quarantine  string // q
	Message     string // M before the S record
	Flags       string // F, one letter a flag (see the package doc)
	Macros      []Macro
	Sender      string // S
	EnvID       string // Z
	Auth        string // A, xtext
	DeliverBy   *DeliverBy
	Recipients  []Recipient
	Headers     []Header

	// Records of older versions: read, never written (as sendmail).
	ErrorsTo string // E
	DataName string // D
}

// Inode is the I record: where the df file was when it was queued.
type Inode struct {
	Major, Minor int64
	Ino          uint64
}

// Macro is a $ record: Name is one character or a long name without
// its braces.
type Macro struct{ Name, Value string }

// DeliverBy is the ! record (RFC 2852 BY=): Flag, a byte as sendmail
// writes it (1 for N, 2 for R, plus 0x10 for T: "!\x12 3600" is
// BY=3600;RT), and the deadline in seconds.
type DeliverBy struct {
	Flag    byte
	Seconds int64
}

// Recipient is an R record with the M, C, Q and r records that apply to
// it.
type Recipient struct {
	Flags     string // letters before the ':'
	Address   string
	Message   string      // M
	Ctl       *Controller // C in force; nil for none
	ORcpt     string      // Q
	FinalRcpt string      // r
}

// Controller is a C record: the local user deliveries run as, and the
// alias that expanded to the recipients after it.
type Controller struct {
	User     string // "" when the record has no user part
	UID, GID int64
	HasIDs   bool // User came with :uid:gid
	Alias    string
}

// Header is an H record. Cond is what stands between the two '?'
// (mailer flags or a macro); Value is everything after the colon,
// leading space and folding included.
type Header struct {
	HasCond bool
	Cond    string
	Name    string
	Value   string
}

// HasFlag reports whether the F record has letter c.
func (e *Envelope) HasFlag(c byte) bool { return strings.IndexByte(e.Flags, c) >= 0 }

// Macro returns the value of the macro named name (one character, or a
// long name without braces).
func (e *Envelope) Macro(name string) (string, bool) {
	for _, m := range e.Macros {
		if m.Name == name {
			return m.Value, true
		}
	}
	return "", false
}

// SyntaxError is a control file that cannot be read, with where.
type SyntaxError struct {
	File string
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// ErrEmpty is returned for an empty control file, which sendmail
// removes with its data file.
var ErrEmpty = errors.New("empty control file")

// maxRecord bounds one record, folded lines included.
const maxRecord = 1 << 20

// Parse reads a control file; name is used in errors.
func Parse(r io.Reader, name string) (*Envelope, error) {
	br := bufio.NewReader(r)
	e := &Envelope{}
	var (
		line, start int
		ctl         *Controller
		msg         string
		haveMsg     bool
		orcpt, frc  string
		done, seen  bool
		seenS       bool
		pending     []byte
		eof         bool
	)
	fail := func(format string, a ...any) error {
		return &SyntaxError{File: name, Line: start, Msg: fmt.Sprintf(format, a...)}
	}
	readLine := func() ([]byte, bool, error) {
		var b []byte
		for {
			frag, err := br.ReadSlice('\n')
			if len(b)+len(frag) > maxRecord {
				return nil, false, &SyntaxError{File: name, Line: line + 1, Msg: "line too long"}
			}
			b = append(b, frag...)
			if err == bufio.ErrBufferFull {
				continue
			}
			if err == io.EOF {
				return b, len(b) > 0, nil
			}
			if err != nil {
				return nil, false, err
			}
			return b, true, nil
		}
	}
	// next returns one record: a line and the lines continuing it, with
	// the newlines between them kept and the last one removed.
	next := func() ([]byte, bool, error) {
		if pending == nil && !eof {
			l, ok, err := readLine()
			if err != nil {
				return nil, false, err
			}
			if !ok {
				eof = true
			} else {
				pending = l
			}
		}
		if pending == nil {
			return nil, false, nil
		}
		line++
		start = line
		rec := bytes.TrimSuffix(pending, []byte("\n"))
		pending = nil
		for !eof {
			l, ok, err := readLine()
			if err != nil {
				return nil, false, err
			}
			if !ok {
				eof = true
				break
			}
			if l[0] != ' ' && l[0] != '\t' {
				pending = l
				break
			}
			line++
			if len(rec)+len(l) > maxRecord {
				return nil, false, &SyntaxError{File: name, Line: line, Msg: "record too long"}
			}
			rec = append(append(rec, '\n'), bytes.TrimSuffix(l, []byte("\n"))...)
		}
		return rec, true, nil
	}
	for {
		rec, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		seen = true
		if done {
			return nil, fail("data after the closing \".\"")
		}
		if len(rec) == 0 {
			return nil, fail("empty line")
		}
		v := string(rec[1:])
		switch rec[0] {
		case 'V':
			n, err := strconv.Atoi(v)
			if err != nil {
				return nil, fail("bad version %q", v)
			}
			if n > Version {
				return nil, fail("version %d is newer than %d", n, Version)
			}
			e.Version = n
		case 'T':
			e.Created, err = parseInt(v)
		case 'K':
			e.LastAttempt, err = parseInt(v)
		case 'N':
			var n int64
			n, err = parseInt(v)
			e.Tries = int(n)
		case 'P':
			e.Priority, err = parseInt(v)
		case 'd':
			e.DataDir = v
		case 'I':
			e.DataInode, err = parseInode(v)
		case 'B':
			if !strings.EqualFold(v, "7BIT") && !strings.EqualFold(v, "8BITMIME") {
				return nil, fail("bad body type %q", v)
			}
			e.BodyType = v
		case 'q':
			e.Quarantine = v
		case 'M':
			if seenS {
				msg, haveMsg = v, true
			} else {
				e.Message = v
			}
		case 'F':
			if strings.HasPrefix(v, "rom ") {
				return nil, fail("a \"From \" line where flags belong")
			}
			e.Flags = v
		case '$':
			var m Macro
			m, err = parseMacro(v)
			if err == nil {
				e.Macros = append(e.Macros, m)
			}
		case 'S':
			e.Sender, seenS = v, true
		case 'Z':
			e.EnvID = v
		case 'A':
			if !xtextOK(v) {
				return nil, fail("AUTH= parameter %q is not xtext", v)
			}
			e.Auth = v
		case '!':
			if len(v) < 2 || v[1] != ' ' {
				return nil, fail("bad deliver-by record %q", v)
			}
			var n int64
			n, err = parseInt(v[2:])
			e.DeliverBy = &DeliverBy{Flag: v[0], Seconds: n}
		case 'C':
			ctl = parseCtl(v, e.Version)
		case 'Q':
			orcpt = v
		case 'r':
			frc = v
		case 'R':
			rc := Recipient{Ctl: ctl, ORcpt: orcpt, FinalRcpt: frc}
			if haveMsg {
				rc.Message = msg
			}
			orcpt, frc, haveMsg, msg = "", "", false, ""
			addr := v
			if e.Version >= 1 {
				i := strings.IndexByte(v, ':')
				if i < 0 {
					// sendmail drops such a recipient.
					continue
				}
				rc.Flags, addr = v[:i], v[i+1:]
			}
			rc.Address = addr
			e.Recipients = append(e.Recipients, rc)
		case 'H':
			var h Header
			h, err = parseHeader(v)
			if err == nil {
				e.Headers = append(e.Headers, h)
			}
		case 'E':
			e.ErrorsTo = v
		case 'D':
			e.DataName = v
		case 'L':
		case '.':
			done = true
		default:
			return nil, fail("unknown record %q", shorten(string(rec)))
		}
		if err != nil {
			return nil, fail("%c record: %v", rec[0], err)
		}
	}
	if !seen {
		return nil, ErrEmpty
	}
	if !done {
		return nil, &SyntaxError{File: name, Line: line, Msg: "no closing \".\": the file is incomplete"}
	}
	return e, nil
}

func shorten(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

func parseInt(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return n, nil
}

func parseInode(s string) (*Inode, error) {
	f := strings.Split(s, "/")
	if len(f) != 3 {
		return nil, fmt.Errorf("%q is not major/minor/inode", s)
	}
	var in Inode
	var err error
	if in.Major, err = parseInt(f[0]); err != nil {
		return nil, err
	}
	if in.Minor, err = parseInt(f[1]); err != nil {
		return nil, err
	}
	if in.Ino, err = strconv.ParseUint(f[2], 10, 64); err != nil {
		return nil, fmt.Errorf("%q is not an inode number", f[2])
	}
	return &in, nil
}

func parseMacro(v string) (Macro, error) {
	if v == "" {
		return Macro{}, errors.New("no macro name")
	}
	if v[0] == '{' {
		i := strings.IndexByte(v, '}')
		if i < 2 {
			return Macro{}, fmt.Errorf("bad macro name in %q", shorten(v))
		}
		return Macro{Name: v[1:i], Value: v[i+1:]}, nil
	}
	return Macro{Name: v[:1], Value: v[1:]}, nil
}

// parseCtl reads a C record: empty, ":alias", or "user:uid:gid:alias"
// (version 2 and later; earlier files have "user:alias").
func parseCtl(v string, version int) *Controller {
	if v == "" {
		return nil
	}
	if v[0] == ':' {
		return &Controller{Alias: v[1:]}
	}
	f := strings.SplitN(v, ":", 4)
	c := &Controller{User: f[0]}
	if version < 2 {
		if len(f) > 1 {
			c.Alias = strings.Join(f[1:], ":")
		}
		return c
	}
	if len(f) > 1 {
		c.UID, _ = strconv.ParseInt(f[1], 10, 64)
		c.HasIDs = true
	}
	if len(f) > 2 {
		c.GID, _ = strconv.ParseInt(f[2], 10, 64)
	}
	if len(f) > 3 {
		c.Alias = f[3]
	}
	return c
}

func parseHeader(v string) (Header, error) {
	var h Header
	if strings.HasPrefix(v, "?") {
		i := strings.IndexByte(v[1:], '?')
		if i < 0 {
			return h, errors.New("no closing '?' after the conditions")
		}
		h.HasCond, h.Cond, v = true, v[1:1+i], v[2+i:]
	}
	i := strings.IndexByte(v, ':')
	if i <= 0 {
		return h, fmt.Errorf("no header name in %q", shorten(v))
	}
	h.Name, h.Value = v[:i], v[i+1:]
	return h, nil
}

// xtextOK is RFC 3461 xtext: printable ASCII but '=', and '+' only
// before two hex digits.
func xtextOK(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '+' {
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 2
		} else if c < '!' || c > '~' || c == '=' {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// denl is how sendmail keeps a value on one line: if it has a newline
// that does not start a continuation (or any newline, when strict),
// every newline becomes a space.
func denl(s string, strict bool) string {
	for i := strings.IndexByte(s, '\n'); i >= 0; {
		if strict || i+1 >= len(s) || (s[i+1] != ' ' && s[i+1] != '\t') {
			return strings.ReplaceAll(s, "\n", " ")
		}
		j := strings.IndexByte(s[i+1:], '\n')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return s
}

// WriteTo writes the control file as sendmail 8.17 does, records in its
// order, ending with ".".
func (e *Envelope) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	b.Grow(1024)
	put := func(c byte, v string) {
		b.WriteByte(c)
		b.WriteString(denl(v, true))
		b.WriteByte('\n')
	}
	var num [24]byte
	putInt := func(c byte, n int64) {
		b.WriteByte(c)
		b.Write(strconv.AppendInt(num[:0], n, 10))
		b.WriteByte('\n')
	}
	putInt('V', int64(e.Version))
	putInt('T', e.Created)
	putInt('K', e.LastAttempt)
	putInt('N', int64(e.Tries))
	putInt('P', e.Priority)
	if e.DataDir != "" {
		put('d', e.DataDir)
	}
	if e.DataInode != nil {
		fmt.Fprintf(&b, "I%d/%d/%d\n", e.DataInode.Major, e.DataInode.Minor, e.DataInode.Ino)
	}
	if e.BodyType != "" {
		put('B', e.BodyType)
	}
	if e.Quarantine != "" {
		put('q', e.Quarantine)
	}
	if e.Message != "" {
		put('M', e.Message)
	}
	if e.Flags != "" {
		put('F', e.Flags)
	}
	for _, m := range e.Macros {
		if len(m.Name) == 1 {
			put('$', m.Name+m.Value)
		} else {
			put('$', "{"+m.Name+"}"+m.Value)
		}
	}
	put('S', e.Sender)
	if e.EnvID != "" {
		put('Z', e.EnvID)
	}
	if e.Auth != "" {
		put('A', e.Auth)
	}
	if e.DeliverBy != nil {
		fmt.Fprintf(&b, "!%c %d\n", e.DeliverBy.Flag, e.DeliverBy.Seconds)
	}
	var last *Controller
	for _, r := range e.Recipients {
		if r.Message != "" {
			put('M', r.Message)
		}
		if !sameCtl(last, r.Ctl) {
			switch c := r.Ctl; {
			case c == nil:
				b.WriteString("C\n")
			case c.User == "" || c.UID == 0:
				put('C', ":"+c.Alias)
			default:
				put('C', fmt.Sprintf("%s:%d:%d:%s", c.User, c.UID, c.GID, c.Alias))
			}
			last = r.Ctl
		}
		if r.ORcpt != "" {
			put('Q', r.ORcpt)
		}
		if r.FinalRcpt != "" {
			put('r', r.FinalRcpt)
		}
		if e.Version >= 1 {
			put('R', r.Flags+":"+r.Address)
		} else {
			put('R', r.Address)
		}
	}
	for _, h := range e.Headers {
		b.WriteByte('H')
		if h.HasCond {
			b.WriteByte('?')
			b.WriteString(h.Cond)
			b.WriteByte('?')
		}
		b.WriteString(h.Name)
		b.WriteByte(':')
		b.WriteString(denl(h.Value, false))
		b.WriteByte('\n')
	}
	b.WriteString(".\n")
	n, err := w.Write(b.Bytes())
	return int64(n), err
}

func sameCtl(a, b *Controller) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// Bytes is the control file WriteTo writes.
func (e *Envelope) Bytes() []byte {
	var b bytes.Buffer
	e.WriteTo(&b)
	return b.Bytes()
}
