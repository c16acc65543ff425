// Package ruleset reads sendmail.cf files and runs their rewriting rules
// with sendmail 8.17's semantics; it also implements address test mode
// (sendmail -bt).
//
// A Config is built by Read from a .cf file. Lines are folded, '#'
// comments removed and "$x" sequences translated to internal codes
// (token.go), then each line type is interpreted (readcf.go). Rules are
// compiled once into patterns (rule.go) and run by the engine
// (rewrite.go). Test mode (bt.go) prints what sendmail prints.
package ruleset

import (
	"io"
	"sort"

	"github.com/gosendmail/gosendmail/maps"
)

// maxRWSets is the number of rulesets (numbered 0..maxRWSets-1).
const maxRWSets = 200

// Rule is one compiled R line.
type Rule struct {
	LHS  []string // tokens, internal codes included (for printing)
	RHS  []string
	Line int
	pat  []pat
	rep  []rep
	// rhsPrefix is the RHS's leading $: or $@ (0 if none)
	rhsPrefix byte
	// minTok and litMask tell when the LHS cannot match, without trying:
	// every literal, $-, $+, $=X and $~X takes a token at least, and
	// each literal's first byte must be some token's (see firstBits)
	minTok  int
	litMask uint64
	// what the RHS may bring that the passes after the substitution
	// act on: $( or $[ (lookups), $> (calls), $&x (any token)
	hasLookup, hasCall, hasDMacro bool
}

// Ruleset is one S section.
type Ruleset struct {
	Num   int
	Name  string
	Rules []*Rule
}

// Mailer is one M line (or a built-in mailer).
type Mailer struct {
	Num                     int
	Name                    string
	Path                    string
	Flags                   [128]bool
	SEnv, SHdr, REnv, RHdr  int // rulesets; 0 when unset
	MaxSize                 int64
	UID, GID                int
	LineLimit               int
	EOL                     string
	MTAType, AddrType, Diag string
	MaxRcpt                 int
	Argv                    []string
	Charset                 string
	ExecDir                 string
	Nice                    int
	Wait                    int64
	MaxMsgs                 int
	QGroup                  string
	hasWait, hasNice        bool
}

// classEntry is one word of the symbol table's class entries: sendmail
// keeps one entry per word (case-insensitively) with a bit per class,
// and lists classes in the order of its hash table.
type classEntry struct {
	name   string
	bucket int
	seq    int
	bits   []uint64 // by class id
}

func (e *classEntry) has(id int) bool {
	return id>>6 < len(e.bits) && e.bits[id>>6]&(1<<(id&63)) != 0
}

// Config is a parsed sendmail.cf with its run-time state.
type Config struct {
	File     string
	Level    int    // V line version
	Vendor   string // V line vendor
	Out      io.Writer
	macros   map[string]string
	words    map[string]*classEntry // lower-cased word -> entry
	classIDs map[string]int
	classMax []int // by class id: the longest word's length
	seq      int
	RWSets   [maxRWSets]*Ruleset
	byName   map[string]int // ruleset name -> number
	Mailers  []*Mailer
	mailerN  map[string]*Mailer
	Options  map[string]string
	opChars  string
	addrTab  *tokenTab // tokenizer table for addresses
	extTab   *tokenTab // the same, comments dropped
	cfTab    *tokenTab // for configuration lines
	mapSpec  map[string]*maps.Spec
	mapOpen  map[string]maps.Map
	mapErr   map[string]error
	mapEnv   *maps.Env
	Errors   int // number of syserr-class errors while reading
	Headers  []string

	hostsFile, switchFile string
	services              map[string][]string

	// lineNo is the physical line being read, for messages.
	lineNo int
	// tracing prints rewrite traces (test mode)
	tracing  bool
	testMode bool
	curRW    int
	named    int
	mapOrder []string
	blankSub byte
	tryFlags int
	traceBuf []byte
	classBuf []byte
	tokPool  [][]string // see getTokens
	// noTokPool turns the free list off (tests compare the two ways)
	noTokPool bool
	// dbg holds the -d debug levels by category (see SetDebug).
	dbg [100]uint8
	// StepLimit bounds the rules tried per address (0: none).
	StepLimit int
	steps     int

	hostsCache     map[string]string
	hostsCachePath string
}

// macro names: a single character or a {long} name, stored without braces.

// Macro returns a macro's raw value (internal codes included).
func (c *Config) Macro(name string) (string, bool) {
	v, ok := c.macros[name]
	return v, ok
}

// SetMacro defines (or with ok false, undefines) a macro.
func (c *Config) SetMacro(name, value string) { c.macros[name] = value }

func (c *Config) unsetMacro(name string) { delete(c.macros, name) }

// stabHash is the bucket of sendmail's symbol table for a name of type t.
func stabHash(name string, t int) int {
	h := t
	for i := 0; i < len(name); i++ {
		ch := name[i]
		if ch >= 'A' && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		h = ((h << 1) ^ int(ch)) % 2003
	}
	return h
}

const stClass = 1

// AddClass adds a word to a class.
func (c *Config) AddClass(class, word string) {
	k := lowerASCII(word)
	e := c.words[k]
	if e == nil {
		c.seq++
		e = &classEntry{name: word, bucket: stabHash(word, stClass), seq: c.seq}
		c.words[k] = e
	}
	id := c.classIndex(class)
	for id>>6 >= len(e.bits) {
		e.bits = append(e.bits, 0)
	}
	e.bits[id>>6] |= 1 << (id & 63)
	for id >= len(c.classMax) {
		c.classMax = append(c.classMax, 0)
	}
	c.classMax[id] = max(c.classMax[id], len(k))
}

// classMaxLen is the length of the longest word of class id: a longer
// run of tokens cannot be in it.
func (c *Config) classMaxLen(id int) int {
	if id < len(c.classMax) {
		return c.classMax[id]
	}
	return 0
}

// classIndex numbers class names.
func (c *Config) classIndex(class string) int {
	id, ok := c.classIDs[class]
	if !ok {
		id = len(c.classIDs)
		c.classIDs[class] = id
	}
	return id
}

// inClassID tests a word against a class by number.
func (c *Config) inClassID(id int, word string) bool {
	e := c.words[word]
	if e == nil {
		if l := lowerASCII(word); l != word {
			e = c.words[l]
		}
	}
	return e != nil && e.has(id)
}

// InClass tells whether word is in class.
func (c *Config) InClass(class, word string) bool {
	id, ok := c.classIDs[class]
	return ok && c.inClassID(id, word)
}

// ClassWords lists a class in sendmail's order (its hash table's).
func (c *Config) ClassWords(class string) []string {
	var es []*classEntry
	id, ok := c.classIDs[class]
	if !ok {
		return nil
	}
	for _, e := range c.words {
		if e.has(id) {
			es = append(es, e)
		}
	}
	sort.Slice(es, func(i, j int) bool {
		if es[i].bucket != es[j].bucket {
			return es[i].bucket < es[j].bucket
		}
		return es[i].seq < es[j].seq
	})
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.name
	}
	return out
}

// rulesetName is the name printed for ruleset n: its name or its number.
func (c *Config) rulesetName(n int) string {
	if n >= 0 && n < maxRWSets && c.RWSets[n] != nil && c.RWSets[n].Name != "" {
		return c.RWSets[n].Name
	}
	return itoa(n)
}

func itoa(n int) string {
	if n >= 0 && n < 10 {
		return string(rune('0' + n))
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// FindRuleset resolves a ruleset number or name; ok is false when the
// name is unknown or the number is out of range.
func (c *Config) FindRuleset(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	if s[0] >= '0' && s[0] <= '9' {
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			n = n*10 + int(s[i]-'0')
			if n >= maxRWSets {
				return n, false
			}
		}
		return n, true
	}
	n, ok := c.byName[s]
	return n, ok
}

func newConfig(out io.Writer) *Config {
	c := &Config{
		Out:      out,
		macros:   map[string]string{},
		words:    map[string]*classEntry{},
		classIDs: map[string]int{},
		byName:   map[string]int{},
		mailerN:  map[string]*Mailer{},
		Options:  map[string]string{},
		mapSpec:  map[string]*maps.Spec{},
		mapOpen:  map[string]maps.Map{},
		mapErr:   map[string]error{},
	}
	c.setOperators("")
	c.cfTab = newTokenTab(".:%@!^/[]+", true)
	return c
}

func (c *Config) setOperators(ops string) {
	c.opChars = ops
	if ops == "" {
		ops = ".:@[]"
	}
	c.addrTab = newTokenTab(ops, false)
	c.extTab = newTokenTab(ops, false)
	c.extTab[0] = tStripComments
	c.cfTab = newTokenTab(ops, true)
}
