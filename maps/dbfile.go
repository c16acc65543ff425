package maps

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
)

// DBFile is a read-only key/value database file: ours (CDB), or a Berkeley
// DB hash or btree file left by sendmail's makemap or newaliases.
type DBFile interface {
	// Get returns the first value stored under key.
	Get(key []byte) (val []byte, found bool, err error)
	// Walk visits every record until fn returns false.
	Walk(fn func(key, val []byte) bool) error
	// Format names the file format: "cdb", "bdb-hash" or "bdb-btree".
	Format() string
	Close() error
}

type cdbFile struct{ *CDB }

func (c cdbFile) Get(key []byte) ([]byte, bool, error) {
	v, ok := c.CDB.Get(key)
	return v, ok, nil
}
func (c cdbFile) Format() string { return "cdb" }

type bdbFile struct {
	*BDB
	mapped bool
}

func (b bdbFile) Format() string {
	if b.isHash {
		return "bdb-hash"
	}
	return "bdb-btree"
}

func (b bdbFile) Close() error {
	if b.mapped && b.data != nil {
		syscall.Munmap(b.data)
	}
	b.data = nil
	return nil
}

// ErrBadFormat is returned for files that are neither CDB nor Berkeley DB
// files (as sendmail says: "Invalid argument").
var ErrBadFormat = syscall.EINVAL

// OpenDBFile opens a database file, telling its format by its contents.
func OpenDBFile(path string) (DBFile, error) {
	data, mapped, err := readFileMapped(path)
	if err != nil {
		return nil, err
	}
	unmap := func() {
		if mapped {
			syscall.Munmap(data)
		}
	}
	if IsBDB(data) {
		d, err := parseBDB(data)
		if err != nil {
			unmap()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return bdbFile{d, mapped}, nil
	}
	if len(data) >= 16 && (le32(data) == bdbHashMagic || le32(data) == bdbBtreeMagic ||
		be32(data) == bdbHashMagic || be32(data) == bdbBtreeMagic) {
		unmap()
		return nil, fmt.Errorf("%s: Berkeley DB 1.85 files are not supported: %w", path, ErrBadFormat)
	}
	c, err := parseCDB(data)
	if err != nil {
		unmap()
		return nil, &os.PathError{Op: "open", Path: path, Err: ErrBadFormat}
	}
	c.mapped = mapped
	return cdbFile{c}, nil
}

func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}
func be32(b []byte) uint32 {
	return uint32(b[3]) | uint32(b[2])<<8 | uint32(b[1])<<16 | uint32(b[0])<<24
}

// Strerror gives the C library's text for the errno inside err (as
// sendmail prints it), or err's own text.
func Strerror(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s := errno.Error()
		if s != "" {
			return strings.ToUpper(s[:1]) + s[1:]
		}
	}
	return err.Error()
}

func statOwnerSys(st os.FileInfo) (owner, bool) {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return owner{int(s.Uid), int(s.Gid)}, true
	}
	return owner{}, false
}

func statIno(st os.FileInfo) (uint64, bool) {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return s.Ino, true
	}
	return 0, false
}
