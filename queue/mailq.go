package queue

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ListOptions are the options of the .cf and command line that change
// what `mailq` prints.
type ListOptions struct {
	Verbose bool // mailq -v
	// SortOrder is QueueSortOrder: priority (the default), host, time,
	// filename, modification, random or none (only the first letter
	// counts, as in sendmail).
	SortOrder   string
	MaxQueueRun int           // MaxQueueRunSize; 0 for no limit
	MinQueueAge time.Duration // entries tried more recently show '-'
	MaxQueueAge time.Duration
	Now         func() time.Time
	// ShouldQueue says whether the load average would hold a message
	// of this priority and creation time in the queue ('X'); nil: never.
	ShouldQueue func(priority, created int64) bool
}

// maxLine is sendmail's MAXLINE: the listing reads the control file
// in pieces of at most maxLine-1 bytes.
const maxLine = 2048

type work struct {
	id      string
	locked  bool
	young   bool
	pri     int64
	ctime   int64
	mtime   time.Time
	host    string
	hasHost bool
}

// List prints the queue as `sendmail -bp` (mailq) does: every directory
// of every group, then the total.
func (q *Queue) List(w io.Writer, o ListOptions) error {
	bw := bufio.NewWriter(w)
	total := 0
	for _, d := range q.Dirs() {
		n, err := d.list(bw, o)
		if err != nil {
			bw.Flush()
			return err
		}
		total += n
	}
	fmt.Fprintf(bw, "\t\tTotal requests: %d\n", total)
	return bw.Flush()
}

// ListMSPMTA prints what Debian's mailq prints when the MSP runs
// separately: the client queue, then the MTA's.
func ListMSPMTA(w io.Writer, msp, mta *Queue, o ListOptions) error {
	io.WriteString(w, "MSP Queue status...\n")
	if err := msp.List(w, o); err != nil {
		return err
	}
	io.WriteString(w, "MTA Queue status...\n")
	return mta.List(w, o)
}

// gather reads the directory as sendmail's queue scan does: qf files,
// each probed for its lock and read up to its P and T records.
func (d *Dir) gather(o ListOptions) ([]work, error) {
	ids, err := d.IDs("qf")
	if err != nil {
		return nil, fmt.Errorf("cannot open %q: %w", d.Display(), err)
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	sortBy := byte('p')
	if o.SortOrder != "" {
		sortBy = o.SortOrder[0] | 0x20
	}
	var ws []work
	for _, id := range ids {
		path := d.File("qf", id)
		st, err := os.Stat(path)
		if err != nil || !st.Mode().IsRegular() {
			continue
		}
		wk := work{id: id, mtime: st.ModTime()}
		if sortBy == 'f' || sortBy == 'm' || sortBy == 'r' || sortBy == 'n' {
			ws = append(ws, wk)
			continue
		}
		wk.pri = 0x7fffffff
		f, err := os.Open(path)
		if err == nil {
			wk.locked = flock(f, false) == ErrLocked
			needP, needT, needH := true, true, sortBy == 'h'
			br := bufio.NewReaderSize(f, maxLine)
			for needP || needT || needH {
				l, err := br.ReadSlice('\n')
				if err == bufio.ErrBufferFull {
					for err == bufio.ErrBufferFull {
						_, err = br.ReadSlice('\n')
					}
				}
				if len(l) == 0 && err != nil {
					break
				}
				s := strings.TrimSuffix(string(l), "\n")
				if s == "" {
					continue
				}
				v := s[1:]
				switch s[0] {
				case 'P':
					wk.pri, needP = atol(v), false
				case 'T':
					wk.ctime, needT = atol(v), false
				case 'R':
					if i := strings.LastIndexByte(v, '@'); i >= 0 && !wk.hasHost {
						wk.host, wk.hasHost, needH = reverse(strings.ToLower(v[i+1:])), true, false
					}
				case 'K':
					last := atol(v)
					if o.MaxQueueAge > 0 {
						delay := min(last-wk.ctime, int64(o.MaxQueueAge/time.Second))
						wk.young = now().Unix()-last < delay
					} else if age := now().Unix() - last; age >= 0 && o.MinQueueAge > 0 && age < int64(o.MinQueueAge/time.Second) {
						wk.young = true
					}
				case 'N':
					if atol(v) == 0 {
						wk.young = false
					}
				}
				if err != nil {
					break
				}
			}
			f.Close()
		}
		ws = append(ws, wk)
	}
	sortWork(ws, sortBy)
	return ws, nil
}

func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// atol is C's atol: leading blanks, a sign, digits; 0 if none.
func atol(s string) int64 {
	s = strings.TrimLeft(s, " \t")
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, _ := strconv.ParseInt(s[:i], 10, 64)
	return n
}

func sortWork(ws []work, by byte) {
	pri := func(a, b work) int {
		switch {
		case a.pri < b.pri:
			return -1
		case a.pri > b.pri:
			return 1
		}
		return 0
	}
	host := func(a, b work) int {
		switch {
		case a.hasHost && !b.hasHost:
			return 1
		case !a.hasHost && b.hasHost:
			return -1
		}
		return strings.Compare(a.host, b.host)
	}
	var less func(a, b work) bool
	switch by {
	case 'p':
		less = func(a, b work) bool { return pri(a, b) < 0 }
	case 't':
		less = func(a, b work) bool { return a.ctime < b.ctime }
	case 'f':
		less = func(a, b work) bool { return "qf"+a.id < "qf"+b.id }
	case 'm':
		less = func(a, b work) bool { return a.mtime.Before(b.mtime) }
	case 'h':
		// By host, unlocked first, priority; then every message to a
		// host with a locked message counts as locked; then by lock,
		// host and priority.
		sort.SliceStable(ws, func(i, j int) bool {
			a, b := ws[i], ws[j]
			if c := host(a, b); c != 0 {
				return c < 0
			}
			if a.locked != b.locked {
				return a.locked
			}
			return pri(a, b) < 0
		})
		for i := 0; i < len(ws); {
			if !ws[i].locked {
				i++
				continue
			}
			k := i
			for i++; i < len(ws) && host(ws[i], ws[k]) == 0; i++ {
				ws[i].locked = true
			}
		}
		less = func(a, b work) bool {
			if a.locked != b.locked {
				return !a.locked
			}
			if c := host(a, b); c != 0 {
				return c < 0
			}
			return pri(a, b) < 0
		}
	default:
		return
	}
	sort.SliceStable(ws, func(i, j int) bool { return less(ws[i], ws[j]) })
}

// list prints one directory and returns its number of requests.
func (d *Dir) list(w *bufio.Writer, o ListOptions) (int, error) {
	ws, err := d.gather(o)
	if err != nil {
		return 0, err
	}
	n := len(ws)
	if n == 0 {
		fmt.Fprintf(w, "%s is empty\n", d.Display())
		return 0, nil
	}
	plural := "s"
	if n == 1 {
		plural = ""
	}
	fmt.Fprintf(w, "\t\t%s (%d request%s", d.Display(), n, plural)
	if o.MaxQueueRun > 0 && n > o.MaxQueueRun {
		fmt.Fprintf(w, ", only %d printed", o.MaxQueueRun)
		ws = ws[:o.MaxQueueRun]
	}
	if o.Verbose {
		w.WriteString(")\n-----Q-ID----- --Size-- -Priority- ---Q-Time--- --------Sender/Recipient--------\n")
	} else {
		w.WriteString(")\n-----Q-ID----- --Size-- -----Q-Time----- ------------Sender/Recipient-----------\n")
	}
	for _, wk := range ws {
		d.listOne(w, wk, o)
	}
	return n, nil
}

func (d *Dir) listOne(w *bufio.Writer, wk work, o ListOptions) {
	fmt.Fprintf(w, "%13s", wk.id)
	f, err := os.Open(d.File("qf", wk.id))
	if err != nil {
		switch {
		case errors.Is(err, syscall.EPERM):
			w.WriteString(" (permission denied)\n")
		case errors.Is(err, os.ErrNotExist):
			w.WriteString(" (job completed)\n")
		default:
			fmt.Fprintf(w, " (%s)\n", errText(err))
		}
		return
	}
	defer f.Close()
	data, _ := io.ReadAll(f)
	size := int64(-1)
	if st, err := os.Stat(d.File("df", wk.id)); err == nil {
		size = st.Size()
	} else if env, err := Parse(bytes.NewReader(data), ""); err == nil && env.DataDir != "" {
		dd := &Dir{Root: d.Root, Name: env.DataDir}
		dd.SubDF = isDir(dd.Path() + "/df")
		if st, err := os.Stat(dd.File("df", wk.id)); err == nil {
			size = st.Size()
		}
	}
	switch {
	case wk.locked:
		w.WriteByte('*')
	case wk.young:
		w.WriteByte('-')
	case o.ShouldQueue != nil && o.ShouldQueue(wk.pri, wk.ctime):
		w.WriteByte('X')
	default:
		w.WriteByte(' ')
	}
	var (
		submit              int64
		warned              bool
		version             int
		quar, stat, bodytyp string
	)
	prec := 60
	if o.Verbose {
		prec = 100
	}
	for len(data) > 0 {
		// fgets into a MAXLINE buffer, then strip the line end.
		n := bytes.IndexByte(data, '\n') + 1
		if n == 0 {
			n = len(data)
		}
		n = min(n, maxLine-1)
		line := string(data[:n])
		data = data[n:]
		line = strings.TrimSuffix(line, "\n")
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			continue
		}
		v := line[1:]
		switch line[0] {
		case 'V':
			version = int(atol(v))
		case 'M':
			stat = v
		case 'q':
			quar = v
		case 'B':
			bodytyp = cut(v, 256)
		case 'S':
			if o.Verbose {
				mark := byte(' ')
				if warned {
					mark = '+'
				}
				fmt.Fprintf(w, "%8d %10d%c%.12s ", size, wk.pri, mark, ctime(submit)[4:])
				prtstr(w, v, 78)
			} else {
				fmt.Fprintf(w, "%8d %.16s ", size, ctime(submit))
				prtstr(w, v, 39)
			}
			if quar != "" {
				fmt.Fprintf(w, "\n     QUARANTINE: %s", cut(quar, prec))
				quar = ""
			}
			if stat != "" || bodytyp != "" {
				fmt.Fprintf(w, "\n    %10.10s", bodytyp)
				if stat != "" {
					fmt.Fprintf(w, "   (%s)", cut(stat, prec))
				}
				stat = ""
			}
		case 'C':
			if o.Verbose {
				fmt.Fprintf(w, "\n\t\t\t\t\t\t(---%s---)", cut(v, 64))
			}
		case 'R':
			p := v
			if version >= 1 {
				i := strings.IndexByte(p, ':')
				if i < 0 {
					continue
				}
				p = p[i+1:]
			}
			if o.Verbose {
				w.WriteString("\n\t\t\t\t\t\t")
				prtstr(w, p, 71)
				if stat != "" {
					fmt.Fprintf(w, "\n\t\t (%s)", cut(stat, 100))
					stat = ""
				}
			} else {
				w.WriteString("\n\t\t\t\t\t ")
				prtstr(w, p, 38)
			}
		case 'T':
			submit = atol(v)
		case 'F':
			warned = strings.IndexByte(v, 'w') >= 0
		}
	}
	if submit == 0 {
		w.WriteString(" (no control file)")
	}
	w.WriteByte('\n')
}

// cut is printf's %.Ns: at most n bytes.
func cut(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// ctime is C's ctime() in the local time zone, without the newline.
func ctime(t int64) string {
	return time.Unix(t, 0).Format("Mon Jan _2 15:04:05 2006")
}

func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	s := err.Error()
	if s != "" {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

// prtstr prints at most ml columns of s the way the listing does: a
// backslash doubled, bytes other than printable ASCII as \ooo.
func prtstr(w *bufio.Writer, s string, ml int) {
	for i := 0; i < len(s) && ml > 0; i++ {
		ml--
		c := s[i]
		switch {
		case c == '\\':
			if ml > 0 {
				ml--
				w.WriteString(`\\`)
			}
		case c >= ' ' && c < 0x7f:
			w.WriteByte(c)
		default:
			ml -= 3
			if ml > 0 {
				fmt.Fprintf(w, "\\%03o", c)
			}
		}
	}
}
