package maps

import (
	"bufio"
	"encoding/binary"
	"io"
	"os"
	"slices"
)

// DupMode says what CDBBuilder does with a key added more than once.
type DupMode int

const (
	// DupKeep keeps every record (makemap -d).
	DupKeep DupMode = iota
	// DupFirst keeps the first record and reports the others.
	DupFirst
	// DupReplace keeps the first record's place with the last value
	// (makemap -r, newaliases).
	DupReplace
)

// CDBBuilder writes records straight to a CDBWriter and finds duplicate
// keys at the end, one CDB hash table at a time, so that the work stays in
// the processor's caches and little memory is touched: a million-key map
// builds in about the time tinycdb takes. Only when duplicates were
// dropped is the file copied again without them.
type CDBBuilder struct {
	w     *CDBWriter
	mode  DupMode
	lines []int32
}

// NewCDBBuilder returns a builder writing to w.
func NewCDBBuilder(w *CDBWriter, mode DupMode) *CDBBuilder {
	return &CDBBuilder{w: w, mode: mode}
}

// Grow makes room for n more records.
func (b *CDBBuilder) Grow(n int) {
	b.lines = slices.Grow(b.lines, n)
	b.w.ents = slices.Grow(b.w.ents, n)
}

// Add adds a record read from the given source line (0 if none).
func (b *CDBBuilder) Add(k, v []byte, line int) error {
	b.lines = append(b.lines, int32(line))
	return b.w.Add(k, v)
}

// Dup is a record dropped as a duplicate.
type Dup struct {
	Line int
	Key  []byte
}

// Finish commits the file. In DupFirst mode it returns the dropped
// duplicates in the order added.
func (b *CDBBuilder) Finish() ([]Dup, error) {
	w := b.w
	w.flush()
	if w.err != nil {
		w.Abort()
		return nil, w.err
	}
	repl, ndead, err := b.dedupe()
	if err != nil {
		w.Abort()
		return nil, err
	}
	if ndead == 0 {
		return nil, w.Commit()
	}
	// Copy the live records to a new file.
	nw, err := CreateCDB(w.path, 0)
	if err != nil {
		w.Abort()
		return nil, err
	}
	defer w.Abort()
	if st, err := w.tmp.Stat(); err == nil {
		nw.tmp.Chmod(st.Mode().Perm())
		if sys, ok := statOwner(st); ok {
			nw.tmp.Chown(sys.uid, sys.gid)
		}
	}
	var dups []Dup
	r := bufio.NewReaderSize(io.NewSectionReader(w.tmp, cdbHeaderSize, int64(w.flushed)-cdbHeaderSize), 1<<20)
	var k, v []byte
	for i := range w.ents {
		if k, v, err = readRecord(r, k, v); err != nil {
			nw.Abort()
			return nil, err
		}
		switch {
		case repl[i] == -1:
			if b.mode == DupFirst {
				dups = append(dups, Dup{int(b.lines[i]), append([]byte(nil), k...)})
			}
			continue
		case repl[i] > 0:
			_, rv, err := w.recordAt(w.ents[repl[i]-1].pos)
			if err != nil {
				nw.Abort()
				return nil, err
			}
			v = rv
		}
		if err := nw.addHashed(k, v, w.ents[i].h); err != nil {
			nw.Abort()
			return nil, err
		}
	}
	return dups, nw.Commit()
}

func readRecord(r *bufio.Reader, k, v []byte) ([]byte, []byte, error) {
	var hdr [8]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, nil, err
	}
	kl, vl := binary.LittleEndian.Uint32(hdr[:]), binary.LittleEndian.Uint32(hdr[4:])
	k = append(k[:0], make([]byte, kl)...)
	v = append(v[:0], make([]byte, vl)...)
	if _, err := io.ReadFull(r, k); err != nil {
		return nil, nil, err
	}
	if _, err := io.ReadFull(r, v); err != nil {
		return nil, nil, err
	}
	return k, v, nil
}

// recordAt reads back the (flushed) record at pos.
func (w *CDBWriter) recordAt(pos uint32) ([]byte, []byte, error) {
	var hdr [8]byte
	if _, err := w.tmp.ReadAt(hdr[:], int64(pos)); err != nil {
		return nil, nil, err
	}
	kl, vl := binary.LittleEndian.Uint32(hdr[:]), binary.LittleEndian.Uint32(hdr[4:])
	kv := make([]byte, uint64(kl)+uint64(vl))
	if _, err := w.tmp.ReadAt(kv, int64(pos)+8); err != nil {
		return nil, nil, err
	}
	return kv[:kl], kv[kl:], nil
}

// dedupe finds duplicate keys: repl[i] is -1 for a record to drop, j+1
// when record i must take record j's value (DupReplace), 0 otherwise.
func (b *CDBBuilder) dedupe() (repl []int32, ndead int, err error) {
	w := b.w
	if b.mode == DupKeep || len(w.ents) < 2 {
		return nil, 0, nil
	}
	var start [257]int32
	for _, e := range w.ents {
		start[e.h&255+1]++
	}
	for i := 1; i <= 256; i++ {
		start[i] += start[i-1]
	}
	next := start
	idx := make([]int32, len(w.ents))
	for i, e := range w.ents {
		idx[next[e.h&255]] = int32(i)
		next[e.h&255]++
	}
	var table []int32
	for t := 0; t < 256; t++ {
		part := idx[start[t]:start[t+1]]
		n := 16
		for n < 2*len(part) {
			n *= 2
		}
		if cap(table) < n {
			table = make([]int32, n)
		}
		table = table[:n]
		clear(table)
		mask := uint32(n - 1)
		for _, ri := range part {
			h := w.ents[ri].h
			j := (h >> 8) & mask
			dup := false
			for ; table[j] != 0; j = (j + 1) & mask {
				fi := table[j] - 1
				if w.ents[fi].h != h {
					continue
				}
				fk, _, err := w.recordAt(w.ents[fi].pos)
				if err != nil {
					return nil, 0, err
				}
				rk, _, err := w.recordAt(w.ents[ri].pos)
				if err != nil {
					return nil, 0, err
				}
				if string(fk) == string(rk) {
					if repl == nil {
						repl = make([]int32, len(w.ents))
					}
					repl[ri] = -1
					ndead++
					if b.mode == DupReplace {
						repl[fi] = ri + 1
					}
					dup = true
					break
				}
			}
			if !dup {
				table[j] = ri + 1
			}
		}
	}
	return repl, ndead, nil
}

type owner struct{ uid, gid int }

func statOwner(st os.FileInfo) (owner, bool) { return statOwnerSys(st) }
