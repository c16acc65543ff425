package queue

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// Create queues a message in d: body goes to the data file, env to the
// control file. The df is written under its own name; the qf is written
// and locked before it has a name, then linked into the directory, so
// that it appears whole and already locked (where the system cannot
// make a file without a name, it is written as a tf and renamed). Both
// are on disk before Create returns (see commit.go); the control file
// stays locked until the returned Entry is closed. A zero env.Version
// is written as Version.
func (q *Queue) Create(d *Dir, env *Envelope, body io.Reader) (*Entry, error) {
	return q.CreateID(d, "", env, body)
}

// CreateID is Create with the queue ID chosen by the caller, who has
// already written it into the message's headers ($i); when a message of
// that ID exists, the call fails rather than use another. An empty id
// is Create's: a new one.
func (q *Queue) CreateID(d *Dir, want string, env *Envelope, body io.Reader) (*Entry, error) {
	if env.Version == 0 {
		env.Version = Version
	}
	mode := q.FileMode
	if mode == 0 {
		mode = 0o600
	}
	dd := d
	if env.DataDir != "" {
		var err error
		if dd, err = q.DirNamed(env.DataDir); err != nil {
			return nil, err
		}
	}
	creating.Add(1)
	defer creating.Add(-1)

	// The df, created exclusively where no qf has the ID, reserves it.
	var id, dfName string
	df := -1
	for try := 0; ; try++ {
		id = want
		if id == "" {
			id = q.IDs.Next()
		}
		// a qf written unnamed is linked only where no qf has the
		// name, so it needs no look beforehand (a negative lookup in
		// a large queue directory costs as much as the link): the
		// link fails, and so does the call; a tf is renamed over
		// whatever has the name, so on that path the look is made
		if noTmpfile.Load() {
			if _, err := os.Lstat(d.File("qf", id)); err == nil {
				if want != "" {
					return nil, fmt.Errorf("queue: %s exists", d.File("qf", id))
				}
				continue
			}
		}
		dfName = dd.File("df", id)
		fd, err := createExcl(dfName, mode)
		if err == nil {
			df = fd
			break
		}
		if !errors.Is(err, os.ErrExist) || try > 100 || want != "" {
			return nil, fmt.Errorf("queue: cannot create %s: %w", dfName, err)
		}
	}
	qfName := d.File("qf", id)
	var qf *os.File
	published := false
	fail := func(err error) (*Entry, error) {
		if df >= 0 {
			unix.Close(df)
		}
		if qf != nil {
			qf.Close()
			if published {
				os.Remove(qfName)
			} else if qf.Name() != "" {
				os.Remove(qf.Name()) // the tf
			}
		}
		os.Remove(dfName)
		return nil, err
	}
	if _, err := io.Copy(fdWriter(df), body); err != nil {
		return fail(fmt.Errorf("writing %s: %w", dfName, err))
	}
	qf, err := openUnnamed(d.QFDir(), d.File("tf", id), mode)
	if err != nil {
		return fail(fmt.Errorf("queue: cannot create %s: %w", qfName, err))
	}
	if err := flock(qf, true); err != nil {
		return fail(fmt.Errorf("queue: cannot lock %s: %w", qfName, err))
	}
	if _, err := env.WriteTo(qf); err != nil {
		return fail(fmt.Errorf("writing %s: %w", qfName, err))
	}
	// Alone, each file is fsynced before the qf gets its name, and the
	// directory after. Among others, one shared barrier after the name
	// covers all (see commit.go).
	group := q.grouped(dd.DFDir(), d.QFDir())
	if !group {
		if err := fsyncFD(df, dfName); err != nil {
			return fail(err)
		}
		// in one directory the fsync of the directory that follows
		// covers the df's name too (its entries are committed in order)
		if dd.DFDir() != d.QFDir() {
			if err := syncDir(dd.DFDir()); err != nil {
				return fail(err)
			}
		}
		if err := qf.Sync(); err != nil {
			return fail(fmt.Errorf("writing %s: %w", qfName, err))
		}
	}
	err = unix.Close(df)
	df = -1
	if err != nil {
		return fail(fmt.Errorf("writing %s: %w", dfName, err))
	}
	if err := publish(qf, qfName); err != nil {
		if errors.Is(err, unix.EEXIST) {
			err = fmt.Errorf("queue: %s exists", qfName)
		}
		return fail(err)
	}
	published = true
	if group {
		err = barrier(dd.DFDir())
		if err == nil && fsOf(d.QFDir()) != fsOf(dd.DFDir()) {
			err = barrier(d.QFDir())
		}
	} else {
		err = syncDirShared(d.QFDir())
	}
	if err != nil {
		return fail(err)
	}
	return &Entry{ID: id, Dir: d, DataDir: dd, lock: qf}, nil
}

// openUnnamed opens a new file in dir that has no name yet (O_TMPFILE),
// or, where the system or the file system cannot, creates tf, which
// publish renames. The first is an *os.File named "".
func openUnnamed(dir, tf string, mode os.FileMode) (*os.File, error) {
	if !noTmpfile.Load() {
		fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_WRONLY|unix.O_CLOEXEC, uint32(mode.Perm()))
		if err == nil {
			return os.NewFile(uintptr(fd), ""), nil
		}
		if err != unix.EOPNOTSUPP && err != unix.EISDIR && err != unix.EINVAL && err != unix.ENOENT {
			return nil, &os.PathError{Op: "open", Path: dir, Err: err}
		}
		noTmpfile.Store(true)
	}
	fd, err := createExcl(tf, mode)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), tf), nil
}

// publish gives f, from openUnnamed, its name: a link for a file that
// has none (failing when the name exists), a rename of the tf.
func publish(f *os.File, name string) error {
	if f.Name() != "" {
		if err := unix.Rename(f.Name(), name); err != nil {
			return &os.LinkError{Op: "rename", Old: f.Name(), New: name, Err: err}
		}
		return nil
	}
	// by the descriptor where that is allowed (CAP_DAC_READ_SEARCH, as
	// root has; the answer is kept), else by its /proc name, which
	// costs a path walk through /proc more
	proc := "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
	var err error = unix.ENOENT
	if !noLinkByFD.Load() {
		err = unix.Linkat(int(f.Fd()), "", unix.AT_FDCWD, name, unix.AT_EMPTY_PATH)
		if err == unix.ENOENT || err == unix.EPERM || err == unix.EINVAL {
			noLinkByFD.Store(true)
		}
	}
	if noLinkByFD.Load() {
		err = unix.Linkat(unix.AT_FDCWD, proc, unix.AT_FDCWD, name, unix.AT_SYMLINK_FOLLOW)
	}
	if err != nil {
		if err != unix.EEXIST {
			// a name cannot be given this way here (no /proc and no
			// CAP_DAC_READ_SEARCH): this message fails, the next ones
			// are written as tf files
			noTmpfile.Store(true)
		}
		return &os.LinkError{Op: "link", Old: proc, New: name, Err: err}
	}
	return nil
}
