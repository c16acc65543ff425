package queue

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

// ErrLocked is returned when another process (ours or the reference
// sendmail) holds a control file's lock, or the file changed while we
// took it.
var ErrLocked = errors.New("queue file is locked")

// flock takes an flock(2) lock without waiting, as sendmail's lockfile()
// does on Debian: exclusive to work on a message, shared to probe.
func flock(f *os.File, exclusive bool) error {
	how := syscall.LOCK_SH | syscall.LOCK_NB
	if exclusive {
		how = syscall.LOCK_EX | syscall.LOCK_NB
	}
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err == syscall.EINTR {
			continue
		}
		if err == syscall.EWOULDBLOCK {
			return ErrLocked
		}
		return err
	}
}

// IsLocked reports whether a control file is locked by someone else, as
// the listing's '*' shows.
func IsLocked(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	return flock(f, false) == ErrLocked
}

// Entry is a message in the queue whose control file this process has
// locked. Close releases the lock.
type Entry struct {
	ID      string
	Dir     *Dir // the control file's directory
	DataDir *Dir // the data file's directory
	lock    *os.File
}

// QF, DF and XF are the paths of the entry's files.
func (en *Entry) QF() string { return en.Dir.File("qf", en.ID) }
func (en *Entry) DF() string { return en.DataDir.File("df", en.ID) }
func (en *Entry) XF() string { return en.Dir.File("xf", en.ID) }

// Close releases the lock.
func (en *Entry) Close() error {
	if en.lock == nil {
		return nil
	}
	err := en.lock.Close()
	en.lock = nil
	return err
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("fsync %s: %w", dir, err)
	}
	return nil
}

// writeFile writes, fsyncs and closes f, removing it on failure.
func writeFile(f *os.File, fill func(io.Writer) error) error {
	err := fill(f)
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return fmt.Errorf("writing %s: %w", f.Name(), err)
	}
	return nil
}

// Lock takes the lock of the message id in d for delivery. It returns
// ErrLocked when another process has it, or when the control file was
// replaced or removed between opening and locking it (as sendmail
// checks, so a runner never works from a stale copy).
func (q *Queue) Lock(d *Dir, id string) (*Entry, error) {
	path := d.File("qf", id)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	if err := flock(f, true); err != nil {
		f.Close()
		return nil, err
	}
	fst, err1 := f.Stat()
	pst, err2 := os.Stat(path)
	if err1 != nil || err2 != nil || !os.SameFile(fst, pst) || fst.Size() != pst.Size() {
		f.Close()
		return nil, ErrLocked
	}
	if st, ok := fst.Sys().(*syscall.Stat_t); ok && st.Nlink == 0 {
		f.Close()
		return nil, ErrLocked
	}
	if fst.Mode().Perm()&0o022 != 0 {
		f.Close()
		return nil, fmt.Errorf("%s: group or world writable control file (mode %o)", path, fst.Mode().Perm())
	}
	en := &Entry{ID: id, Dir: d, DataDir: d, lock: f}
	env, err := en.Read()
	if err != nil {
		f.Close()
		return nil, err
	}
	if env.DataDir != "" {
		if en.DataDir, err = q.DirNamed(env.DataDir); err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return en, nil
}

// Read parses the entry's control file.
func (en *Entry) Read() (*Envelope, error) {
	f, err := os.Open(en.QF())
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Parse(f, en.QF())
}

// Rewrite replaces the control file with env, as a queue runner does
// after a delivery attempt: a locked tf is written, fsynced and renamed
// over the qf, and the directory fsynced. The entry stays locked.
func (en *Entry) Rewrite(env *Envelope, mode os.FileMode) error {
	if en.lock == nil {
		return errors.New("queue: rewrite of an unlocked entry")
	}
	if mode == 0 {
		mode = 0o600
	}
	tname := en.Dir.File("tf", en.ID)
	tf, err := os.OpenFile(tname, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if errors.Is(err, os.ErrExist) {
		// Left by a crash, or being written by someone else: only a
		// tf nobody has locked may be reused.
		tf, err = os.OpenFile(tname, os.O_WRONLY, mode)
		if err == nil {
			if err = flock(tf, true); err != nil {
				tf.Close()
				return fmt.Errorf("queue: %s: %w", tname, err)
			}
			err = tf.Truncate(0)
		}
	} else if err == nil {
		err = flock(tf, true)
	}
	if err != nil {
		if tf != nil {
			tf.Close()
		}
		return fmt.Errorf("queue: cannot create %s: %w", tname, err)
	}
	if err := writeFile(tf, func(w io.Writer) error {
		_, err := env.WriteTo(w)
		return err
	}); err != nil {
		return err
	}
	if err := os.Rename(tname, en.QF()); err != nil {
		tf.Close()
		return err
	}
	if err := syncDir(en.Dir.QFDir()); err != nil {
		tf.Close()
		return err
	}
	en.lock.Close()
	en.lock = tf
	return nil
}

// Remove deletes the message once delivered: control file first (so a
// crash leaves at most an orphan data file, never a control file without
// its data), then data file and transcript. The lock is released.
func (en *Entry) Remove() error {
	err := os.Remove(en.QF())
	if err == nil {
		err = syncDir(en.Dir.QFDir())
	}
	if e := os.Remove(en.DF()); e != nil && !errors.Is(e, os.ErrNotExist) && err == nil {
		err = e
	}
	os.Remove(en.XF())
	en.Close()
	return err
}
