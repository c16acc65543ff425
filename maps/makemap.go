package maps

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Exit codes of sysexits.h that makemap, newaliases and praliases use.
const (
	ExOK        = 0
	ExUsage     = 64
	ExDataErr   = 65
	ExNoInput   = 66
	ExSoftware  = 70
	ExOSErr     = 71
	ExCantCreat = 73
	ExIOErr     = 74
	ExConfig    = 78
)

// MakemapUsage is makemap's usage message.
const MakemapUsage = `Usage: makemap [-C cffile] [-N] [-c cachesize] [-D commentchar]
               [-d] [-e] [-f] [-i type] [-l] [-o] [-r] [-s] [-t delimiter]
               [-u] [-v] type mapname
`

// MakemapConfig holds makemap's command line.
type MakemapConfig struct {
	CfFile     string // -C; "" means the default, whose absence is no error
	InclNull   bool   // -N
	Comment    byte   // -D (0: '#')
	AllowDups  bool   // -d
	AllowEmpty bool   // -e
	NoFold     bool   // -f
	Fallback   string // -i
	Append     bool   // -o
	Replace    bool   // -r
	NoSafety   bool   // -s
	Sep        byte   // -t (0: white space)
	Dump       bool   // -u
	Verbose    bool   // -v
	Type       string
	MapName    string
}

// DefaultCf is sendmail's configuration file.
const DefaultCf = "/etc/mail/sendmail.cf"

// MapTypes are the database types makemap builds, with their file name
// extensions, in the order -l lists them.
var MapTypes = []struct{ Name, Ext string }{
	{"hash", "db"}, {"btree", "db"}, {"cdb", "cdb"}, {"implicit", "db"},
}

// ListTypes writes makemap -l's list (or -x's, with extensions).
func ListTypes(w io.Writer, withExt bool) {
	for _, t := range MapTypes {
		if withExt {
			ext := t.Ext
			if t.Name == "implicit" {
				ext = ""
			}
			fmt.Fprintf(w, "%s:%s\n", t.Name, ext)
		} else {
			fmt.Fprintln(w, t.Name)
		}
	}
}

// MapFileName gives the file a map of type typ named name lives in.
func MapFileName(typ, name string) string {
	ext := ".db"
	if typ == "cdb" {
		ext = ".cdb"
	}
	if strings.HasSuffix(name, ext) {
		return name
	}
	return name + ext
}

// Makemap runs makemap and returns its exit status.
func Makemap(c MakemapConfig, stdin io.Reader, stdout, stderr io.Writer) int {
	const prog = "makemap"
	owner := -1
	if os.Geteuid() == 0 {
		cf := c.CfFile
		if cf == "" {
			cf = DefaultCf
		}
		tu, err := cfOption(cf, "TrustedUser", 0)
		if err != nil && (c.CfFile != "" || !errors.Is(err, os.ErrNotExist)) {
			fmt.Fprintf(stderr, "%s: %s: %s\n", prog, cf, Strerror(err))
			return ExNoInput
		}
		if tu != "" {
			if uid, err := lookupUID(tu); err != nil {
				fmt.Fprintf(stderr, "TrustedUser: unknown user %s\n", tu)
			} else {
				owner = uid
			}
		}
	}
	typ := c.Type
	switch typ {
	case "hash", "btree", "cdb":
	case "implicit":
		typ = "hash"
	case "dbm":
		fmt.Fprintf(stderr, "%s: Need to recompile with -DNDBM for dbm support\n", prog)
		return ExCantCreat
	default:
		fmt.Fprintf(stderr, "%s: error opening type %s map %s: Unknown database type\n", prog, c.Type, c.MapName)
		return ExCantCreat
	}
	path := MapFileName(typ, c.MapName)
	openErr := func(err error) int {
		fmt.Fprintf(stderr, "%s: error opening type %s map %s: %s\n", prog, c.Type, c.MapName, Strerror(err))
		return ExCantCreat
	}
	if !c.NoSafety {
		if err := checkMapPath(path, stderr); err != nil {
			return openErr(err)
		}
	}
	if c.Dump {
		db, err := openTyped(path, typ)
		if err != nil {
			return openErr(err)
		}
		defer db.Close()
		return dumpDB(db, c.Sep, stdout, stderr)
	}
	b := newMapBuilder(c.AllowDups, c.Replace)
	if c.Append {
		if db, err := openTyped(path, typ); err == nil {
			db.Walk(func(k, v []byte) bool { b.put(k, v); return true })
			db.Close()
		} else if !errors.Is(err, os.ErrNotExist) {
			return openErr(err)
		}
	}
	w, err := CreateCDB(path, 0640)
	if err != nil {
		return openErr(err)
	}
	if owner >= 0 {
		w.File().Chown(owner, -1)
	}
	exit := ExOK
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	so := SourceOptions{Sep: c.Sep, Comment: c.Comment, NoFold: c.NoFold, AllowEmpty: c.AllowEmpty, InclNull: c.InclNull}
	err = ParseSource(stdin, so, func(line int, k, v []byte) error {
		if c.Verbose {
			fmt.Fprintf(out, "key=`%s', val=`%s'\n", cstr(k), cstr(v))
		}
		if !b.put(k, v) {
			out.Flush()
			fmt.Fprintf(stderr, "%s: %s: line %d: key %s: duplicate key\n", prog, c.MapName, line, cstr(k))
			exit = ExDataErr
		}
		return nil
	}, func(line int, msg string) {
		out.Flush()
		fmt.Fprintf(stderr, "%s: %s: line %d: %s\n", prog, c.MapName, line, msg)
		exit = ExDataErr
	})
	if err != nil {
		w.Abort()
		fmt.Fprintf(stderr, "%s: %s: read error: %s\n", prog, c.MapName, Strerror(err))
		return ExIOErr
	}
	if err := b.writeTo(w); err != nil {
		fmt.Fprintf(stderr, "%s: %s: error writing: %s\n", prog, c.MapName, Strerror(err))
		return ExIOErr
	}
	return exit
}

// cstr is what C's "%s" prints of b: up to its first NUL.
func cstr(b []byte) []byte {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i]
	}
	return b
}

func openTyped(path, typ string) (DBFile, error) {
	db, err := OpenDBFile(path)
	if err != nil {
		return nil, err
	}
	f := db.Format()
	if (typ == "hash" && f == "bdb-btree") || (typ == "btree" && f == "bdb-hash") ||
		(typ == "cdb" && f != "cdb") {
		db.Close()
		return nil, syscall.EINVAL
	}
	return db, nil
}

func dumpDB(db DBFile, sep byte, stdout, stderr io.Writer) int {
	if sep == 0 {
		sep = '\t'
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	err := db.Walk(func(k, v []byte) bool {
		out.Write(cstr(k))
		out.WriteByte(sep)
		out.Write(cstr(v))
		out.WriteByte('\n')
		return true
	})
	out.Flush()
	if err != nil {
		fmt.Fprintf(stderr, "makemap: %s\n", err)
		return ExIOErr
	}
	return ExOK
}

// checkMapPath refuses to write through links and warns about a
// world-writable directory, as sendmail's safety checks do.
func checkMapPath(path string, stderr io.Writer) error {
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err == nil {
		if st.Mode().Perm()&0o002 != 0 && st.Mode()&os.ModeSticky == 0 {
			fmt.Fprintf(stderr, "WARNING: World writable directory %s\n", dir)
			fmt.Fprintf(stderr, "WARNING: World writable directory %s\n", dir)
		}
	}
	st, err := os.Lstat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			if _, err := os.Stat(dir); err != nil {
				return err
			}
			return nil
		}
		return err
	}
	if st.Mode()&os.ModeSymlink != 0 {
		return errors.New("Symbolic links not allowed")
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok && sys.Nlink > 1 {
		return errors.New("Hard links not allowed")
	}
	return nil
}

func lookupUID(name string) (int, error) {
	if n, err := strconv.Atoi(name); err == nil {
		return n, nil
	}
	u, err := user.Lookup(name)
	if err != nil {
		return -1, err
	}
	return strconv.Atoi(u.Uid)
}

// mapBuilder collects records in memory (so that -r can replace values and
// duplicates are found) and writes them out in input order.
type mapBuilder struct {
	arena   []byte
	recs    []brec
	index   map[string]int32
	dups    bool
	replace bool
}

type brec struct {
	off        uint64
	klen, vlen uint32
}

func newMapBuilder(dups, replace bool) *mapBuilder {
	b := &mapBuilder{dups: dups, replace: replace}
	if !dups {
		b.index = make(map[string]int32)
	}
	return b
}

// put adds a record; it returns false for a duplicate key that is neither
// allowed nor replaced.
func (b *mapBuilder) put(k, v []byte) bool {
	if !b.dups {
		if i, ok := b.index[string(k)]; ok {
			if !b.replace {
				return false
			}
			r := &b.recs[i]
			r.off = uint64(len(b.arena))
			b.arena = append(append(b.arena, k...), v...)
			r.vlen = uint32(len(v))
			return true
		}
		b.index[string(k)] = int32(len(b.recs))
	}
	b.recs = append(b.recs, brec{uint64(len(b.arena)), uint32(len(k)), uint32(len(v))})
	b.arena = append(append(b.arena, k...), v...)
	return true
}

func (b *mapBuilder) writeTo(w *CDBWriter) error {
	for _, r := range b.recs {
		k := b.arena[r.off : r.off+uint64(r.klen)]
		v := b.arena[r.off+uint64(r.klen) : r.off+uint64(r.klen)+uint64(r.vlen)]
		if err := w.Add(k, v); err != nil {
			w.Abort()
			return err
		}
	}
	return w.Commit()
}
