package maps

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// Read-only access to Berkeley DB (versions 2 to 5, as Debian's libdb5.3
// writes them) hash and btree files, so that maps and alias databases made
// by sendmail's makemap and newaliases answer lookups until they are
// rebuilt in CDB form.
//
// Layout used: every page starts with a 26-byte header (LSN 8, page number
// 4, previous 4, next 4, entry count 2, high free offset 2, level 1, type 1)
// followed by the entry offsets (2 bytes each). Page 0 is the metadata page:
// magic at byte 12 (0x061561 hash, 0x053162 btree; its byte order gives the
// file's), page size at byte 20. Hash meta: max bucket at 72, high mask 76,
// low mask 80, the hash of a check string at 92, spares[32] from 96. Btree
// meta: root page at 88. Items: hash pages hold key/data pairs of typed
// items (1 inline, 2 on-page duplicates, 3 overflow chain, 4 off-page
// duplicate tree); btree leaves hold pairs of (length 2, type 1, bytes)
// items (type 1 inline, 2 duplicate tree, 3 overflow chain; 0x80 deleted).

const (
	bdbHashMagic  = 0x061561
	bdbBtreeMagic = 0x053162

	pIBtree   = 3
	pLBtree   = 5
	pOverflow = 7
	pLDup     = 12
	pHashOld  = 2
	pHash     = 13

	pageHdr = 26
)

var errBDBCorrupt = errors.New("corrupt Berkeley DB file")

// BDB is an open Berkeley DB hash or btree file; it is not safe for
// concurrent use.
type BDB struct {
	data    []byte
	bo      binary.ByteOrder
	psize   uint32
	npages  uint32
	isHash  bool
	maxBkt  uint32
	highM   uint32
	lowM    uint32
	spares  [32]uint32
	hashOK  bool // the file uses the default hash function
	root    uint32
	version uint32
	seen    map[uint32]bool // pages entered by the current tree walk
}

// IsBDB tells whether data starts like a Berkeley DB 2-5 hash or btree file.
func IsBDB(data []byte) bool {
	if len(data) < 512 {
		return false
	}
	for _, bo := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		m := bo.Uint32(data[12:])
		if m == bdbHashMagic || m == bdbBtreeMagic {
			return true
		}
	}
	return false
}

func parseBDB(data []byte) (*BDB, error) {
	if !IsBDB(data) {
		return nil, errors.New("not a Berkeley DB file")
	}
	d := &BDB{data: data, bo: binary.LittleEndian}
	m := d.bo.Uint32(data[12:])
	if m != bdbHashMagic && m != bdbBtreeMagic {
		d.bo = binary.BigEndian
		m = d.bo.Uint32(data[12:])
	}
	d.isHash = m == bdbHashMagic
	d.version = d.bo.Uint32(data[16:])
	d.psize = d.bo.Uint32(data[20:])
	if d.psize < 512 || d.psize > 65536 || d.psize&(d.psize-1) != 0 {
		return nil, errBDBCorrupt
	}
	if data[24] != 0 {
		return nil, errors.New("encrypted Berkeley DB files are not supported")
	}
	d.npages = uint32(len(data) / int(d.psize))
	if d.isHash {
		d.maxBkt = d.bo.Uint32(data[72:])
		d.highM = d.bo.Uint32(data[76:])
		d.lowM = d.bo.Uint32(data[80:])
		for i := range d.spares {
			d.spares[i] = d.bo.Uint32(data[96+4*i:])
		}
		d.hashOK = d.bo.Uint32(data[92:]) == bdbHash([]byte("%$sniglet^&\x00"))
		if d.maxBkt >= d.npages {
			return nil, errBDBCorrupt // every bucket has a page
		}
	} else {
		d.root = d.bo.Uint32(data[88:])
		if d.root == 0 {
			d.root = 1
		}
	}
	return d, nil
}

// bdbHash is Berkeley DB's default hash function (Fowler/Noll/Vo).
func bdbHash(k []byte) uint32 {
	var h uint32
	for _, c := range k {
		h *= 16777619
		h ^= uint32(c)
	}
	return h
}

type bdbPage struct {
	b    []byte
	d    *BDB
	pgno uint32
}

func (d *BDB) page(pgno uint32) (bdbPage, error) {
	if pgno == 0 || pgno >= d.npages {
		return bdbPage{}, errBDBCorrupt
	}
	off := int(pgno) * int(d.psize)
	return bdbPage{b: d.data[off : off+int(d.psize)], d: d, pgno: pgno}, nil
}

func (p bdbPage) next() uint32  { return p.d.bo.Uint32(p.b[16:]) }
func (p bdbPage) entries() int  { return int(p.d.bo.Uint16(p.b[20:])) }
func (p bdbPage) hfOffset() int { return int(p.d.bo.Uint16(p.b[22:])) }
func (p bdbPage) typ() byte     { return p.b[25] }
func (p bdbPage) inp(i int) (int, error) {
	o := pageHdr + 2*i
	if o+2 > len(p.b) {
		return 0, errBDBCorrupt
	}
	v := int(p.d.bo.Uint16(p.b[o:]))
	if v < pageHdr || v >= len(p.b) {
		return 0, errBDBCorrupt
	}
	return v, nil
}

// hitem returns hash item i (type byte included).
func (p bdbPage) hitem(i int) ([]byte, error) {
	start, err := p.inp(i)
	if err != nil {
		return nil, err
	}
	end := len(p.b)
	if i > 0 {
		if end, err = p.inp(i - 1); err != nil {
			return nil, err
		}
	}
	if end <= start {
		return nil, errBDBCorrupt
	}
	return p.b[start:end], nil
}

// overflow reads an overflow chain of total length tlen.
func (d *BDB) overflow(pgno, tlen uint32) ([]byte, error) {
	if uint64(tlen) > uint64(len(d.data)) {
		return nil, errBDBCorrupt // longer than the file
	}
	out := make([]byte, 0, tlen)
	for n := uint32(0); uint32(len(out)) < tlen; n++ {
		if n > d.npages {
			return nil, errBDBCorrupt
		}
		p, err := d.page(pgno)
		if err != nil {
			return nil, err
		}
		l := p.hfOffset()
		if pageHdr+l > len(p.b) {
			return nil, errBDBCorrupt
		}
		out = append(out, p.b[pageHdr:pageHdr+l]...)
		pgno = p.next()
		if pgno == 0 {
			break
		}
	}
	if uint32(len(out)) < tlen {
		return nil, errBDBCorrupt
	}
	return out[:tlen], nil
}

// hvalues expands a hash data item into its values.
func (d *BDB) hvalues(it []byte) ([][]byte, error) {
	switch it[0] {
	case 1:
		return [][]byte{it[1:]}, nil
	case 2:
		var vs [][]byte
		b := it[1:]
		for len(b) > 0 {
			if len(b) < 4 {
				return nil, errBDBCorrupt
			}
			l := int(d.bo.Uint16(b))
			if 2+l+2 > len(b) {
				return nil, errBDBCorrupt
			}
			vs = append(vs, b[2:2+l])
			b = b[4+l:]
		}
		return vs, nil
	case 3:
		if len(it) < 12 {
			return nil, errBDBCorrupt
		}
		v, err := d.overflow(d.bo.Uint32(it[4:]), d.bo.Uint32(it[8:]))
		return [][]byte{v}, err
	case 4:
		if len(it) < 8 {
			return nil, errBDBCorrupt
		}
		var vs [][]byte
		err := d.walkTree(d.bo.Uint32(it[4:]), 0, func(_, v []byte) bool { vs = append(vs, v); return true })
		return vs, err
	}
	return nil, fmt.Errorf("unsupported Berkeley DB item type %d", it[0])
}

func (d *BDB) hkey(it []byte) ([]byte, error) {
	switch it[0] {
	case 1:
		return it[1:], nil
	case 3:
		if len(it) < 12 {
			return nil, errBDBCorrupt
		}
		return d.overflow(d.bo.Uint32(it[4:]), d.bo.Uint32(it[8:]))
	}
	return nil, fmt.Errorf("unsupported Berkeley DB key type %d", it[0])
}

// walkBucket visits the pairs of one hash bucket's page chain.
func (d *BDB) walkChain(pgno uint32, want []byte, fn func(k, v []byte) bool) (bool, error) {
	for n := uint32(0); pgno != 0; n++ {
		if n > d.npages {
			return false, errBDBCorrupt
		}
		p, err := d.page(pgno)
		if err != nil {
			return false, err
		}
		if t := p.typ(); t != pHash && t != pHashOld {
			if p.entries() == 0 && t == 0 {
				return true, nil // never-used bucket page
			}
			return false, errBDBCorrupt
		}
		for i := 0; i+1 < p.entries(); i += 2 {
			ki, err := p.hitem(i)
			if err != nil {
				return false, err
			}
			di, err := p.hitem(i + 1)
			if err != nil {
				return false, err
			}
			k, err := d.hkey(ki)
			if err != nil {
				return false, err
			}
			if want != nil && !bytes.Equal(k, want) {
				continue
			}
			vs, err := d.hvalues(di)
			if err != nil {
				return false, err
			}
			for _, v := range vs {
				if !fn(k, v) {
					return false, nil
				}
			}
		}
		pgno = p.next()
	}
	return true, nil
}

func bdbLog2(n uint32) uint32 {
	var i uint32
	for limit := uint64(1); limit < uint64(n); limit <<= 1 {
		i++
	}
	return i
}

func (d *BDB) bucketPage(b uint32) uint32 {
	l := bdbLog2(b + 1)
	if l >= 32 {
		return 0
	}
	return b + d.spares[l]
}

// walkTree visits a btree (or duplicate tree) in key order. In a
// duplicate tree (leaf pages of type 12) fn gets a nil key.
func (d *BDB) walkTree(pgno uint32, depth int, fn func(k, v []byte) bool) error {
	_, err := d.walkTree1(pgno, depth, fn)
	return err
}

// visit records that a tree walk entered a page; a page entered twice
// means a damaged file (a cycle), which must not loop for ever.
func (d *BDB) visit(pgno uint32) bool {
	if d.seen == nil {
		d.seen = make(map[uint32]bool)
	}
	if d.seen[pgno] {
		return false
	}
	d.seen[pgno] = true
	return true
}

func (d *BDB) walkTree1(pgno uint32, depth int, fn func(k, v []byte) bool) (bool, error) {
	if depth == 0 {
		d.seen = nil
	}
	if depth > 64 || !d.visit(pgno) {
		return false, errBDBCorrupt
	}
	p, err := d.page(pgno)
	if err != nil {
		return false, err
	}
	switch p.typ() {
	case pIBtree:
		for i := 0; i < p.entries(); i++ {
			o, err := p.inp(i)
			if err != nil || o+8 > len(p.b) {
				return false, errBDBCorrupt
			}
			ok, err := d.walkTree1(d.bo.Uint32(p.b[o+4:]), depth+1, fn)
			if !ok || err != nil {
				return ok, err
			}
		}
		return true, nil
	case pLBtree:
		for i := 0; i+1 < p.entries(); i += 2 {
			k, kt, err := d.bitem(p, i)
			if err != nil {
				return false, err
			}
			v, vt, err := d.bitem(p, i+1)
			if err != nil {
				return false, err
			}
			if kt&0x80 != 0 || vt&0x80 != 0 {
				continue
			}
			if vt == 2 {
				cont := true
				err := d.walkTree(d.bo.Uint32(v[4:]), depth+1, func(_, dv []byte) bool { cont = fn(k, dv); return cont })
				if err != nil || !cont {
					return cont, err
				}
				continue
			}
			if !fn(k, v) {
				return false, nil
			}
		}
		return true, nil
	case pLDup:
		for i := 0; i < p.entries(); i++ {
			v, vt, err := d.bitem(p, i)
			if err != nil {
				return false, err
			}
			if vt&0x80 == 0 && !fn(nil, v) {
				return false, nil
			}
		}
		return true, nil
	}
	return false, errBDBCorrupt
}

// bitem returns btree item i: its bytes (resolved through an overflow
// chain) and its type. A duplicate-tree item is returned raw.
func (d *BDB) bitem(p bdbPage, i int) ([]byte, byte, error) {
	o, err := p.inp(i)
	if err != nil || o+3 > len(p.b) {
		return nil, 0, errBDBCorrupt
	}
	l := int(d.bo.Uint16(p.b[o:]))
	t := p.b[o+2]
	switch t & 0x7f {
	case 1:
		if o+3+l > len(p.b) {
			return nil, 0, errBDBCorrupt
		}
		return p.b[o+3 : o+3+l], t, nil
	case 2, 3:
		if o+12 > len(p.b) {
			return nil, 0, errBDBCorrupt
		}
		if t&0x7f == 2 {
			return p.b[o : o+12], t & 0x7f, nil
		}
		v, err := d.overflow(d.bo.Uint32(p.b[o+4:]), d.bo.Uint32(p.b[o+8:]))
		return v, t, err
	}
	return nil, 0, fmt.Errorf("unsupported Berkeley DB item type %d", t)
}

// Walk visits every key/value pair in the order of a cursor traversal.
func (d *BDB) Walk(fn func(k, v []byte) bool) error {
	if !d.isHash {
		return d.walkTree(d.root, 0, fn)
	}
	for b := uint32(0); b <= d.maxBkt; b++ {
		cont, err := d.walkChain(d.bucketPage(b), nil, fn)
		if err != nil || !cont {
			return err
		}
	}
	return nil
}

// Get returns the first value stored under key.
func (d *BDB) Get(key []byte) ([]byte, bool, error) {
	var val []byte
	found := false
	visit := func(k, v []byte) bool {
		if bytes.Equal(k, key) {
			val, found = v, true
			return false
		}
		return true
	}
	if d.isHash && d.hashOK {
		b := bdbHash(key) & d.highM
		if b > d.maxBkt {
			b &= d.lowM
		}
		_, err := d.walkChain(d.bucketPage(b), key, visit)
		return val, found, err
	}
	if !d.isHash {
		_, err := d.seekTree(d.root, key, 0, visit)
		return val, found, err
	}
	err := d.Walk(visit)
	return val, found, err
}

// seekTree descends a btree towards key and scans leaves from there.
func (d *BDB) seekTree(pgno uint32, key []byte, depth int, fn func(k, v []byte) bool) (bool, error) {
	if depth > 64 {
		return false, errBDBCorrupt
	}
	p, err := d.page(pgno)
	if err != nil {
		return false, err
	}
	if p.typ() != pIBtree {
		// Scan this leaf and the following ones until a key sorts after key.
		for n := uint32(0); pgno != 0 && n <= d.npages; n++ {
			p, err := d.page(pgno)
			if err != nil || p.typ() != pLBtree {
				return false, errBDBCorrupt
			}
			past := false
			d.seen = nil
			cont, err := d.walkTree1(pgno, depth+1, func(k, v []byte) bool {
				if bytes.Compare(k, key) > 0 {
					past = true
					return false
				}
				return fn(k, v)
			})
			if err != nil || past || !cont {
				return cont, err
			}
			pgno = p.next()
		}
		return true, nil
	}
	// The last child whose separator sorts strictly before key (the
	// first child's separator counts as minus infinity).
	child := uint32(0)
	for i := 0; i < p.entries(); i++ {
		o, err := p.inp(i)
		if err != nil || o+12 > len(p.b) {
			return false, errBDBCorrupt
		}
		l := int(d.bo.Uint16(p.b[o:]))
		if i > 0 {
			var sep []byte
			switch p.b[o+2] & 0x7f {
			case 1:
				if o+12+l > len(p.b) {
					return false, errBDBCorrupt
				}
				sep = p.b[o+12 : o+12+l]
			case 3:
				if o+24 > len(p.b) {
					return false, errBDBCorrupt
				}
				if sep, err = d.overflow(d.bo.Uint32(p.b[o+16:]), d.bo.Uint32(p.b[o+20:])); err != nil {
					return false, err
				}
			}
			if bytes.Compare(sep, key) >= 0 {
				break
			}
		}
		child = d.bo.Uint32(p.b[o+4:])
	}
	return d.seekTree(child, key, depth+1, fn)
}
