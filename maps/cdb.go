package maps

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// The CDB format (D. J. Bernstein's constant database), which every map we
// build is stored in:
//
//	header   256 slots of (position uint32, length uint32), little-endian:
//	         slot i locates hash table i and gives its number of entries
//	records  (key length uint32, value length uint32, key bytes, value bytes)...
//	tables   256 tables of (hash uint32, record position uint32) entries
//
// The hash of a key is h = 5381; h = (h*33) ^ c for every byte c. Table
// h%256 holds twice as many entries as records hashing to it; a record's
// search starts at entry (h/256) % length and probes linearly; an entry with
// position 0 ends the search. A key may occur several times; lookups return
// the first record.

const cdbHeaderSize = 2048

// CDBHash is the CDB hash function.
func CDBHash(key []byte) uint32 {
	h := uint32(5381)
	for _, c := range key {
		h = (h<<5 + h) ^ uint32(c)
	}
	return h
}

// CDBWriter writes a CDB file atomically: records go to a temporary file in
// the destination's directory, which Commit fsyncs and renames over the
// destination (and then fsyncs the directory), so a reader sees either the
// old file or the complete new one. Abort removes the temporary file.
type CDBWriter struct {
	path    string
	tmp     *os.File
	buf     []byte // records not yet written to tmp
	flushed uint64 // file offset of buf[0]
	pos     uint64
	ents    []cdbEnt
	done    bool
	err     error
}

type cdbEnt struct{ h, pos uint32 }

// CreateCDB starts writing the CDB file path with the given permissions.
func CreateCDB(path string, perm os.FileMode) (*CDBWriter, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return nil, err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	w := &CDBWriter{path: path, tmp: tmp, buf: make([]byte, cdbHeaderSize, cdbBufSize), pos: cdbHeaderSize}
	return w, nil
}

const cdbBufSize = 1 << 20

func (w *CDBWriter) write(b []byte) {
	if w.err != nil {
		return
	}
	if len(w.buf)+len(b) > cap(w.buf) {
		w.flush()
		if len(b) > cap(w.buf) {
			_, w.err = w.tmp.Write(b)
			w.flushed += uint64(len(b))
			return
		}
	}
	w.buf = append(w.buf, b...)
}

func (w *CDBWriter) flush() {
	if w.err == nil && len(w.buf) > 0 {
		_, w.err = w.tmp.Write(w.buf)
	}
	w.flushed += uint64(len(w.buf))
	w.buf = w.buf[:0]
}

var errCDBTooBig = errors.New("cdb: file would exceed 4 GiB")

// Add appends a record. Duplicate keys are kept; lookups return the first.
func (w *CDBWriter) Add(key, val []byte) error {
	return w.addHashed(key, val, CDBHash(key))
}

func (w *CDBWriter) addHashed(key, val []byte, h uint32) error {
	n := uint64(8 + len(key) + len(val))
	if w.pos+n+uint64(len(w.ents)+1)*16 > 0xffffffff {
		return errCDBTooBig
	}
	if w.err != nil {
		return w.err
	}
	if len(w.buf)+int(n) <= cap(w.buf) {
		w.buf = binary.LittleEndian.AppendUint32(w.buf, uint32(len(key)))
		w.buf = binary.LittleEndian.AppendUint32(w.buf, uint32(len(val)))
		w.buf = append(append(w.buf, key...), val...)
	} else {
		var hdr [8]byte
		binary.LittleEndian.PutUint32(hdr[0:], uint32(len(key)))
		binary.LittleEndian.PutUint32(hdr[4:], uint32(len(val)))
		w.write(hdr[:])
		w.write(key)
		w.write(val)
		if w.err != nil {
			return w.err
		}
	}
	w.ents = append(w.ents, cdbEnt{h, uint32(w.pos)})
	w.pos += n
	return nil
}

// Commit writes the hash tables and header and moves the file into place.
func (w *CDBWriter) Commit() error {
	if w.done {
		return errors.New("cdb: writer already closed")
	}
	err := w.finish()
	if err != nil {
		w.Abort()
		return err
	}
	w.done = true
	return nil
}

func (w *CDBWriter) finish() error {
	// Counting sort of the entries by table.
	var count [256]uint32
	for _, e := range w.ents {
		count[e.h&255]++
	}
	var start [257]uint32
	for i := 0; i < 256; i++ {
		start[i+1] = start[i] + count[i]
	}
	sorted := make([]cdbEnt, len(w.ents))
	next := start
	for _, e := range w.ents {
		b := e.h & 255
		sorted[next[b]] = e
		next[b]++
	}
	w.ents = nil
	var header [cdbHeaderSize]byte
	var slots []cdbEnt
	buf := make([]byte, 0, 1<<16)
	for i := 0; i < 256; i++ {
		ents := sorted[start[i]:start[i+1]]
		n := uint32(len(ents)) * 2
		binary.LittleEndian.PutUint32(header[i*8:], uint32(w.pos))
		binary.LittleEndian.PutUint32(header[i*8+4:], n)
		if n == 0 {
			continue
		}
		if cap(slots) < int(n) {
			slots = make([]cdbEnt, n)
		}
		slots = slots[:n]
		clear(slots)
		for _, e := range ents {
			j := (e.h >> 8) % n
			for slots[j].pos != 0 {
				j++
				if j == n {
					j = 0
				}
			}
			slots[j] = e
		}
		buf = buf[:0]
		for _, s := range slots {
			buf = binary.LittleEndian.AppendUint32(buf, s.h)
			buf = binary.LittleEndian.AppendUint32(buf, s.pos)
		}
		w.write(buf)
		w.pos += uint64(len(buf))
	}
	if w.pos > 0xffffffff {
		return errCDBTooBig
	}
	w.flush()
	if w.err != nil {
		return w.err
	}
	if _, err := w.tmp.WriteAt(header[:], 0); err != nil {
		return err
	}
	if err := w.tmp.Sync(); err != nil {
		return err
	}
	if err := w.tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(w.tmp.Name(), w.path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(w.path))
}

// Abort discards the temporary file.
func (w *CDBWriter) Abort() {
	if w.done {
		return
	}
	w.done = true
	w.tmp.Close()
	os.Remove(w.tmp.Name())
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return err
	}
	return nil
}

// CDB is an open CDB file, mapped into memory.
type CDB struct {
	data   []byte
	mapped bool
	end    uint32 // end of the records
}

// parseCDB checks that data has the structure of a CDB file.
func parseCDB(data []byte) (*CDB, error) {
	if len(data) < cdbHeaderSize {
		return nil, errors.New("not a CDB file (too short)")
	}
	end := uint32(len(data))
	for i := 0; i < 256; i++ {
		pos := binary.LittleEndian.Uint32(data[i*8:])
		n := binary.LittleEndian.Uint32(data[i*8+4:])
		if pos < cdbHeaderSize || uint64(pos)+uint64(n)*8 > uint64(len(data)) {
			return nil, errors.New("not a CDB file (bad table position)")
		}
		if pos < end {
			end = pos
		}
	}
	return &CDB{data: data, end: end}, nil
}

// OpenCDB maps the CDB file path into memory.
func OpenCDB(path string) (*CDB, error) {
	data, mapped, err := readFileMapped(path)
	if err != nil {
		return nil, err
	}
	c, err := parseCDB(data)
	if err != nil {
		if mapped {
			syscall.Munmap(data)
		}
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	c.mapped = mapped
	return c, nil
}

// readFileMapped maps a file read-only (or reads it when it is empty or
// cannot be mapped).
func readFileMapped(path string) ([]byte, bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, false, err
	}
	if st.Size() == 0 || st.Size() > 1<<40 {
		data, err := os.ReadFile(path)
		return data, false, err
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		data, err := os.ReadFile(path)
		return data, false, err
	}
	return data, true, nil
}

// Close unmaps the file.
func (c *CDB) Close() error {
	if c.mapped && c.data != nil {
		syscall.Munmap(c.data)
	}
	c.data = nil
	return nil
}

func (c *CDB) u32(off uint32) uint32 { return binary.LittleEndian.Uint32(c.data[off:]) }

// Get returns the value of the first record with the key.
func (c *CDB) Get(key []byte) ([]byte, bool) {
	var v []byte
	found := false
	c.find(key, func(val []byte) bool { v, found = val, true; return false })
	return v, found
}

// GetAll returns the values of every record with the key, in file order.
func (c *CDB) GetAll(key []byte) [][]byte {
	var vs [][]byte
	c.find(key, func(val []byte) bool { vs = append(vs, val); return true })
	return vs
}

func (c *CDB) find(key []byte, fn func([]byte) bool) {
	h := CDBHash(key)
	tpos := c.u32((h & 255) * 8)
	n := c.u32((h&255)*8 + 4)
	if n == 0 {
		return
	}
	slot := (h >> 8) % n
	for i := uint32(0); i < n; i++ {
		off := tpos + slot*8
		eh, rpos := c.u32(off), c.u32(off+4)
		if rpos == 0 {
			return
		}
		if eh == h && uint64(rpos)+8 <= uint64(len(c.data)) {
			kl, vl := c.u32(rpos), c.u32(rpos+4)
			ks := uint64(rpos) + 8
			if ks+uint64(kl)+uint64(vl) <= uint64(len(c.data)) && kl == uint32(len(key)) &&
				string(c.data[ks:ks+uint64(kl)]) == string(key) {
				if !fn(c.data[ks+uint64(kl) : ks+uint64(kl)+uint64(vl)]) {
					return
				}
			}
		}
		slot++
		if slot == n {
			slot = 0
		}
	}
}

// Walk calls fn for every record in file order until fn returns false.
func (c *CDB) Walk(fn func(key, val []byte) bool) error {
	pos := uint64(cdbHeaderSize)
	for pos < uint64(c.end) {
		if pos+8 > uint64(c.end) {
			return errors.New("cdb: truncated record")
		}
		kl, vl := uint64(c.u32(uint32(pos))), uint64(c.u32(uint32(pos+4)))
		ks := pos + 8
		if ks+kl+vl > uint64(c.end) {
			return errors.New("cdb: truncated record")
		}
		if !fn(c.data[ks:ks+kl], c.data[ks+kl:ks+kl+vl]) {
			return nil
		}
		pos = ks + kl + vl
	}
	return nil
}

// File gives the temporary file (to change its owner before Commit).
func (w *CDBWriter) File() *os.File { return w.tmp }
