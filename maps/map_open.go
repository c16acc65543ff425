package maps

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"
)

// Env gives maps what they need from the rest of sendmail.
type Env struct {
	// Map finds another declared map (for sequence and switch).
	Map func(name string) (Map, bool)
	// ServiceSwitch is the service switch file (default
	// /etc/mail/service.switch); Services, when set, is used instead.
	ServiceSwitch string
	Services      map[string][]string
	// HostsFile and PasswdFile default to /etc/hosts and /etc/passwd.
	HostsFile, PasswdFile string
	// Resolver answers DNS questions (dns, bestmx and host maps).
	Resolver Resolver
	// LocalHost is this host's canonical name (bestmx prefers it).
	LocalHost string
	// SetMacro sets (set true) or clears a macro (macro map).
	SetMacro func(name, value string, set bool)
	// Syslog logs a message at a level (syslog map); nil drops it.
	Syslog func(level, msg string)
	// Stab is the symbol table of the stab class.
	Stab *Stab
	// RegexDelim is what regex -s puts between substrings by default:
	// the ruleset operator $| in sendmail's internal form.
	RegexDelim string
	// ReopenCheck is how often file maps look for a new file (default 1s).
	ReopenCheck time.Duration
	// ProgramTimeout bounds a program map's run (default 60s).
	ProgramTimeout time.Duration
}

func (e *Env) hostsFile() string {
	if e.HostsFile != "" {
		return e.HostsFile
	}
	return "/etc/hosts"
}

// Open opens the map a Spec declares. An optional map (-o) that cannot be
// opened is returned empty, not as an error.
func Open(s *Spec, env *Env) (Map, error) {
	if env == nil {
		env = &Env{}
	}
	b, fold, raw, err := openBackend(s, env)
	if err != nil {
		if s.Optional {
			return &keyed{spec: s, b: emptyBackend{}}, nil
		}
		return nil, fmt.Errorf("map %s: %w", s.Name, err)
	}
	return &keyed{spec: s, b: b, fold: fold, raw: raw}, nil
}

func openBackend(s *Spec, env *Env) (b backend, fold, raw bool, err error) {
	switch s.Class {
	case "hash", "btree", "cdb", "implicit":
		b, err = openDBMap(s, env)
		return b, true, false, err
	case "text":
		b, err = openTextMap(s, env)
		return b, true, false, err
	case "stab":
		if env.Stab == nil {
			env.Stab = NewStab()
		}
		return env.Stab, true, false, nil
	case "regex":
		b, err = openRegexMap(s, env)
		return b, false, true, err
	case "sequence":
		return &seqMap{env: env, names: s.Args}, false, true, nil
	case "switch":
		b, err = openSwitchMap(s, env)
		return b, false, true, err
	case "user":
		return &userMap{spec: s, env: env}, false, false, nil
	case "host":
		return &hostMap{spec: s, env: env}, true, true, nil
	case "dns":
		b, err = openDNSMap(s, env)
		return b, false, true, err
	case "bestmx":
		return &bestmxMap{spec: s, env: env}, false, true, nil
	case "arith":
		return arithMap{}, false, true, nil
	case "macro":
		return &macroMap{env: env}, false, true, nil
	case "dequote":
		s.KeepQuotes = true // the class's purpose
		return dequoteMap{sub: s.DequoteSub}, false, false, nil
	case "program":
		if len(s.Args) == 0 {
			return nil, false, false, errors.New("program map: no program")
		}
		return &programMap{argv: s.Args, env: env}, false, false, nil
	case "syslog":
		return &syslogMap{spec: s, env: env}, false, true, nil
	case "socket":
		b, err = openSocketMap(s, env)
		return b, true, false, err
	case "arpa":
		return arpaMap{}, false, true, nil
	case "null":
		return emptyBackend{}, false, false, nil
	}
	return nil, false, false, fmt.Errorf("class %s not available", s.Class)
}

type emptyBackend struct{}

func (emptyBackend) get(string, []string) (string, bool, error) { return "", false, nil }
func (emptyBackend) close() error                               { return nil }

// fileWatch notices when a file was replaced or changed.
type fileWatch struct {
	path    string
	every   time.Duration
	checked time.Time
	mod     time.Time
	size    int64
	ino     uint64
}

func newFileWatch(path string, every time.Duration) *fileWatch {
	if every == 0 {
		every = time.Second
	}
	w := &fileWatch{path: path, every: every}
	w.changed(true)
	return w
}

// changed reports whether the file differs from when last seen (checking
// at most once per interval unless force).
func (w *fileWatch) changed(force bool) bool {
	now := time.Now()
	if !force && now.Sub(w.checked) < w.every {
		return false
	}
	w.checked = now
	st, err := os.Stat(w.path)
	if err != nil {
		return false
	}
	ino, _ := statIno(st)
	if st.ModTime().Equal(w.mod) && st.Size() == w.size && ino == w.ino {
		return false
	}
	w.mod, w.size, w.ino = st.ModTime(), st.Size(), ino
	return true
}

// dbMap: hash, btree, cdb and implicit maps over our CDB files or
// Berkeley DB files, reopened when the file changes.
type dbMap struct {
	mu    sync.Mutex
	spec  *Spec
	path  string
	db    DBFile
	watch *fileWatch
	try0  bool // try the key without a NUL
	try1  bool // try it with one
}

func dbPath(s *Spec) (string, error) {
	if len(s.Args) == 0 {
		return "", errors.New("no file name")
	}
	f := s.Args[0]
	switch s.Class {
	case "cdb":
		return MapFileName("cdb", f), nil
	case "implicit":
		if _, err := os.Stat(MapFileName("hash", f)); err != nil {
			if _, err2 := os.Stat(MapFileName("cdb", f)); err2 == nil {
				return MapFileName("cdb", f), nil
			}
		}
	}
	return MapFileName("hash", f), nil
}

func openDBMap(s *Spec, env *Env) (*dbMap, error) {
	path, err := dbPath(s)
	if err != nil {
		return nil, err
	}
	m := &dbMap{spec: s, path: path, try0: !s.InclNull, try1: !s.NoNull}
	if s.InclNull && s.NoNull {
		m.try0, m.try1 = false, false
	}
	m.watch = newFileWatch(path, env.ReopenCheck)
	if m.db, err = OpenDBFile(path); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *dbMap) get(key string, _ []string) (string, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.watch.changed(false) {
		db, err := OpenDBFile(m.path)
		if err != nil {
			return "", false, tempFail(err)
		}
		m.db.Close()
		m.db = db
	}
	if m.try0 {
		v, ok, err := m.db.Get([]byte(key))
		if err != nil {
			return "", false, tempFail(err)
		}
		if ok {
			if m.try1 && !m.spec.InclNull && !m.spec.NoNull {
				m.try1 = false // adaptive: the file's keys have no NUL
			}
			return string(v), true, nil
		}
	}
	if m.try1 {
		v, ok, err := m.db.Get(append([]byte(key), 0))
		if err != nil {
			return "", false, tempFail(err)
		}
		if ok {
			if m.try0 && !m.spec.InclNull && !m.spec.NoNull {
				m.try0 = false
			}
			return string(cstr(v)), true, nil
		}
	}
	return "", false, nil
}

func (m *dbMap) close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.db.Close()
}

// textMap: lines of columns in a text file; -k and -v give the key and
// value columns (0 and 1 by default), -z the column delimiter (white
// space by default). Lines that are empty or start with '#' are skipped.
type textMap struct {
	mu    sync.Mutex
	spec  *Spec
	path  string
	idx   map[string]string
	watch *fileWatch
}

func openTextMap(s *Spec, env *Env) (*textMap, error) {
	if len(s.Args) == 0 {
		return nil, errors.New("no file name")
	}
	m := &textMap{spec: s, path: s.Args[0]}
	m.watch = newFileWatch(m.path, env.ReopenCheck)
	if err := m.load(); err != nil {
		return nil, err
	}
	return m, nil
}

func atoiDefault(s string, d int) int {
	n := 0
	if s == "" {
		return d
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return d
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func (m *textMap) load() error {
	f, err := os.Open(m.path)
	if err != nil {
		return err
	}
	defer f.Close()
	kc, vc := atoiDefault(m.spec.KeyCol, 0), atoiDefault(m.spec.ValCol, 1)
	idx := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || l[0] == '#' {
			continue
		}
		var cols []string
		if m.spec.Delim == "" {
			cols = strings.Fields(l)
		} else {
			cols = strings.Split(l, m.spec.Delim[:1])
		}
		if kc >= len(cols) || vc >= len(cols) {
			continue
		}
		k := cols[kc]
		if !m.spec.NoFold {
			k = strings.ToLower(k)
		}
		if _, dup := idx[k]; !dup {
			idx[k] = cols[vc]
		}
	}
	m.idx = idx
	return sc.Err()
}

func (m *textMap) get(key string, _ []string) (string, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.watch.changed(false) {
		if err := m.load(); err != nil {
			return "", false, tempFail(err)
		}
	}
	v, ok := m.idx[key]
	return v, ok, nil
}

func (m *textMap) close() error { return nil }

// Stab is sendmail's internal symbol table (class stab): names stored by
// the program itself, such as aliases read from a text alias file.
type Stab struct {
	mu sync.RWMutex
	m  map[string]string
}

// NewStab returns an empty symbol table.
func NewStab() *Stab { return &Stab{m: map[string]string{}} }

// Store sets name (folded to lower case) to value.
func (s *Stab) Store(name, value string) {
	s.mu.Lock()
	s.m[strings.ToLower(name)] = value
	s.mu.Unlock()
}

func (s *Stab) get(key string, _ []string) (string, bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.m[key]
	return v, ok, nil
}

func (s *Stab) close() error { return nil }
