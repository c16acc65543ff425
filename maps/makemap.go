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
	"slices"
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
	w, err := CreateCDB(path, 0640)
	if err != nil {
		return openErr(err)
	}
	if owner >= 0 {
		w.File().Chown(owner, -1)
	}
	mode := DupFirst
	if c.AllowDups {
		mode = DupKeep
	} else if c.Replace {
		mode = DupReplace
	}
	b := NewCDBBuilder(w, mode)
	if f, ok := stdin.(*os.File); ok {
		// Room for the records of a source file, guessed from its size.
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			b.Grow(int(min(st.Size()/48, 1<<24)))
		}
	}
	if c.Append {
		if db, err := openTyped(path, typ); err == nil {
			db.Walk(func(k, v []byte) bool { err = b.Add(k, v, 0); return err == nil })
			db.Close()
		} else if !errors.Is(err, os.ErrNotExist) {
			w.Abort()
			return openErr(err)
		}
	}
	exit := ExOK
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	so := SourceOptions{Sep: c.Sep, Comment: c.Comment, NoFold: c.NoFold, AllowEmpty: c.AllowEmpty, InclNull: c.InclNull}
	// Messages are printed in line order once duplicates are known.
	type msg struct {
		line int
		text string
	}
	var msgs []msg
	err = ParseSource(stdin, so, func(line int, k, v []byte) error {
		if c.Verbose {
			fmt.Fprintf(out, "key=`%s', val=`%s'\n", cstr(k), cstr(v))
		}
		return b.Add(k, v, line)
	}, func(line int, m string) {
		msgs = append(msgs, msg{line, m})
	})
	if err != nil {
		w.Abort()
		fmt.Fprintf(stderr, "%s: %s: read error: %s\n", prog, c.MapName, Strerror(err))
		return ExIOErr
	}
	dups, err := b.Finish()
	for _, d := range dups {
		if d.Line > 0 {
			msgs = append(msgs, msg{d.Line, fmt.Sprintf("key %s: duplicate key", cstr(d.Key))})
		}
	}
	slices.SortStableFunc(msgs, func(a, b msg) int { return a.line - b.line })
	out.Flush()
	for _, m := range msgs {
		fmt.Fprintf(stderr, "%s: %s: line %d: %s\n", prog, c.MapName, m.line, m.text)
		exit = ExDataErr
	}
	if err != nil {
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
