package maps

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// NewaliasesOptions configure Newaliases (newaliases, sendmail -bi).
type NewaliasesOptions struct {
	// CfFile is read for the AliasFile option when AliasFiles is nil
	// ("" means /etc/mail/sendmail.cf).
	CfFile string
	// AliasFiles are AliasFile option values ("/etc/mail/aliases",
	// "hash:-N /etc/mail/aliases", "a,b"...).
	AliasFiles []string
	// Owner, when not negative, becomes the owner of the databases.
	Owner int
	AliasOptions
}

// AliasStats is the summary of one rebuilt alias file.
type AliasStats struct {
	File                    string
	Aliases, Longest, Bytes int
}

func (s AliasStats) String() string {
	return fmt.Sprintf("%s: %d aliases, longest %d bytes, %d bytes total", s.File, s.Aliases, s.Longest, s.Bytes)
}

// AliasDB is where an AliasFile value keeps its aliases.
type AliasDB struct {
	Class  string // hash, btree, cdb or implicit
	Source string // the text file
	DB     string // the database file
}

// SplitAliasFileOption splits an AliasFile value at its commas into
// (class, rest) pairs: "hash:-N /etc/aliases" is {"hash", "-N
// /etc/aliases"}; a file without a class is "implicit".
func SplitAliasFileOption(v string) [][2]string {
	var out [][2]string
	for _, spec := range strings.Split(v, ",") {
		spec = strings.TrimSpace(spec)
		if spec == "" {
			continue
		}
		class := "implicit"
		if i := strings.IndexByte(spec, ':'); i > 0 && !strings.ContainsAny(spec[:i], "/ \t") {
			class, spec = spec[:i], spec[i+1:]
		}
		out = append(out, [2]string{class, spec})
	}
	return out
}

// ParseAliasFileOption splits an AliasFile value into the alias files it
// names; entries of classes that are not files (nis, ldap...) are left out.
func ParseAliasFileOption(v string) []AliasDB {
	var dbs []AliasDB
	for _, e := range SplitAliasFileOption(v) {
		class, spec := e[0], e[1]
		switch class {
		case "hash", "btree", "cdb", "implicit", "dbm":
		default:
			continue
		}
		// Map flags may precede the file name, as on a K line.
		fields := strings.Fields(spec)
		file := ""
		for i := 0; i < len(fields); i++ {
			if strings.HasPrefix(fields[i], "-") {
				continue
			}
			file = fields[i]
			break
		}
		if file == "" {
			continue
		}
		typ := class
		if typ != "cdb" {
			typ = "hash"
		}
		dbs = append(dbs, AliasDB{Class: class, Source: file, DB: MapFileName(typ, file)})
	}
	return dbs
}

// Newaliases rebuilds the databases of every alias file, writing what
// sendmail -bi writes (diagnostics and one summary line a file) to out. It
// returns the exit status.
func Newaliases(o NewaliasesOptions, out io.Writer) int {
	specs := o.AliasFiles
	if specs == nil {
		cf := o.CfFile
		if cf == "" {
			cf = DefaultCf
		}
		vals, err := CfOptionValues(cf, "AliasFile", 'A')
		if err != nil {
			fmt.Fprintf(out, "newaliases: cannot open %s: %s\n", cf, Strerror(err))
			return ExConfig
		}
		specs = vals
	}
	exit := ExOK
	for _, spec := range specs {
		for _, db := range ParseAliasFileOption(spec) {
			st, err := RebuildAliases(db, o.AliasOptions, o.Owner, func(d AliasDiag) {
				fmt.Fprintln(out, d)
				if !d.Warning {
					exit = ExSoftware
				}
			})
			if errors.Is(err, os.ErrNotExist) && st.File == "" {
				fmt.Fprintf(out, "newaliases: cannot open %s: %s\n", db.Source, Strerror(err))
				continue
			}
			if err != nil {
				fmt.Fprintf(out, "Cannot create database for alias file %s: %s\n", db.Source, Strerror(err))
				exit = ExCantCreat
				continue
			}
			fmt.Fprintln(out, st)
		}
	}
	return exit
}

// RebuildAliases reads one alias file and writes its database: each name
// and value stored with a trailing NUL, as sendmail stores them, and the
// "@" key that marks a complete database.
func RebuildAliases(db AliasDB, o AliasOptions, owner int, diag func(AliasDiag)) (AliasStats, error) {
	f, err := os.Open(db.Source)
	if err != nil {
		return AliasStats{}, err
	}
	defer f.Close()
	st := AliasStats{File: db.Source}
	w, err := CreateCDB(db.DB, 0o640)
	if err != nil {
		return st, err
	}
	if owner >= 0 {
		w.File().Chown(owner, -1)
	}
	// Later entries replace earlier ones with the same name.
	b := NewCDBBuilder(w, DupReplace)
	err = ParseAliases(f, db.Source, o, func(name, value string, line int) {
		st.Aliases++
		st.Bytes += len(name) + len(value)
		st.Longest = max(st.Longest, len(value))
		b.Add(append([]byte(name), 0), append([]byte(value), 0), line)
	}, diag)
	if err != nil {
		w.Abort()
		return st, err
	}
	b.Add([]byte("@\x00"), []byte("@\x00"), 0)
	_, err = b.Finish()
	return st, err
}
