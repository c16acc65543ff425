package deliver

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// appendJob is one append of a message to an mbox-format file, shared by
// local (mailbox) and file delivery.
type appendJob struct {
	file *os.File // opened for appending, checked, not yet locked
	name string   // for messages
	max  int64    // size limit of the whole file after the append; 0 none
	// lockTimeout bounds the wait for the fcntl lock; locked says the
	// caller holds it already.
	lockTimeout time.Duration
	locked      bool
	format      Format
	// wrap, when set, stands between the formatter and the file (tests
	// use it to make writes fail).
	wrap func(io.Writer) io.Writer
	// onWriteErr and onLockErr give the Status for a failed write and for
	// a lock that could not be had.
	onWriteErr func(error) *Status
	onLockErr  func(error) *Status
}

// errTooBig is returned by limitWriter once the size limit is reached.
var errTooBig = errors.New("mailbox size limit reached")

// limitWriter fails a write that would take the file past max bytes.
type limitWriter struct {
	w    io.Writer
	left int64
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > l.left {
		return 0, errTooBig
	}
	n, err := l.w.Write(p)
	l.left -= int64(n)
	return n, err
}

// run locks the file, appends the message and syncs it. On any failure
// after the first byte may have been written, the file is truncated back
// to the size it had, so no partial message stays in it.
func (j *appendJob) run(m *Message) *Status {
	f := j.file
	if !j.locked {
		if err := lockFile(f, j.lockTimeout); err != nil {
			return j.onLockErr(err)
		}
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(int(f.Fd()), &st); err != nil {
		return j.onWriteErr(err)
	}
	orig := st.Size
	if j.max > 0 && orig >= j.max {
		return mailboxFull()
	}
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		return j.onWriteErr(err)
	}
	var w io.Writer = f
	if j.max > 0 {
		w = &limitWriter{w: w, left: j.max - orig}
	}
	if j.wrap != nil {
		w = j.wrap(w)
	}
	err := WriteMessage(w, j.format, m.reader())
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		return ok()
	}
	if terr := f.Truncate(orig); terr != nil {
		err = fmt.Errorf("%w; and truncating back to %d bytes failed: %v", err, orig, terr)
	} else {
		f.Sync()
	}
	if errors.Is(err, errTooBig) {
		return mailboxFull()
	}
	return j.onWriteErr(err)
}

// checkRegular refuses what must not be appended to: a symbolic link,
// anything but a regular file, a file with more than one link. lst is
// the Lstat of the name, fst the Fstat of what was opened; they must be
// the same file (else the name was changed between the two).
func checkRegular(lst, fst *syscall.Stat_t) string {
	switch {
	case lst.Mode&syscall.S_IFMT == syscall.S_IFLNK:
		return "is a symbolic link"
	case lst.Mode&syscall.S_IFMT != syscall.S_IFREG:
		return "irregular file"
	case lst.Nlink > 1:
		return "too many links"
	case lst.Dev != fst.Dev || lst.Ino != fst.Ino:
		return "file changed after open"
	case fst.Nlink > 1:
		return "too many links"
	}
	return ""
}

// atFDCWD is AT_FDCWD: a path relative to the working directory.
const atFDCWD = -100

// oPath is Linux's O_PATH, which package syscall does not name.
const oPath = 0x200000

// lstatAt is fstatat(dir, name, AT_SYMLINK_NOFOLLOW), which package
// syscall does not export: an O_PATH descriptor of the name itself.
func lstatAt(dir int, name string, st *syscall.Stat_t) error {
	fd, err := syscall.Openat(dir, name, oPath|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	return syscall.Fstat(fd, st)
}

// openAppend opens path for appending without following a symbolic link
// at its last component, creating it (mode perm, owned by uid:gid when
// chown is set) if it does not exist. It returns the opened file, whether
// it was created, and on refusal a reason.
func openAppend(path string, perm os.FileMode, chown bool, uid, gid int) (*os.File, bool, string, error) {
	return openAppendAt(atFDCWD, path, path, perm, chown, uid, gid)
}

// openAppendAt is openAppend of name in the directory open as dir; label
// names the file in errors.
func openAppendAt(dir int, name, label string, perm os.FileMode, chown bool, uid, gid int) (*os.File, bool, string, error) {
	for try := 0; try < 3; try++ {
		var lst syscall.Stat_t
		err := lstatAt(dir, name, &lst)
		if errors.Is(err, syscall.ENOENT) {
			f, err := createOwned(dir, name, label, perm, chown, uid, gid)
			if errors.Is(err, syscall.EEXIST) {
				continue // someone made it just now: check it as an existing file
			}
			if err != nil {
				return nil, false, "", err
			}
			return f, true, "", nil
		}
		if err != nil {
			return nil, false, "", err
		}
		if lst.Mode&syscall.S_IFMT == syscall.S_IFLNK {
			return nil, false, "is a symbolic link", nil
		}
		if lst.Mode&syscall.S_IFMT != syscall.S_IFREG {
			return nil, false, "irregular file", nil
		}
		fd, err := syscall.Openat(dir, name, syscall.O_RDWR|syscall.O_APPEND|syscall.O_NOFOLLOW|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
		if errors.Is(err, syscall.EACCES) {
			fd, err = syscall.Openat(dir, name, syscall.O_WRONLY|syscall.O_APPEND|syscall.O_NOFOLLOW|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
		}
		if err != nil {
			if errors.Is(err, syscall.ELOOP) {
				return nil, false, "is a symbolic link", nil
			}
			return nil, false, "", err
		}
		f := os.NewFile(uintptr(fd), label)
		var fst syscall.Stat_t
		if err := syscall.Fstat(fd, &fst); err != nil {
			f.Close()
			return nil, false, "", err
		}
		if why := checkRegular(&lst, &fst); why != "" {
			f.Close()
			return nil, false, why, nil
		}
		return f, false, "", nil
	}
	return nil, false, "", fmt.Errorf("%s keeps changing", label)
}

// tmpSeq numbers the passing names of createOwned.
var tmpSeq atomic.Int64

// createOwned creates name in dir (EEXIST when it exists), with mode
// perm and, when chown, owned by uid and gid. A file given to another
// user is made under a passing name and linked to name once its owner
// is set: a mail.local appending to the same mailbox at that moment
// would otherwise find it ours and refuse it ("wrong ownership").
func createOwned(dir int, name, label string, perm os.FileMode, chown bool, uid, gid int) (*os.File, error) {
	path := name
	if chown {
		path = fmt.Sprintf("%s.%d.%d.new", name, os.Getpid(), tmpSeq.Add(1))
	}
	// read access too: a stale lock's partial append is checked before
	// it is cut back (see recoverPartial)
	fd, err := syscall.Openat(dir, path, syscall.O_RDWR|syscall.O_APPEND|syscall.O_CREAT|syscall.O_EXCL|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, uint32(perm.Perm()))
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), label)
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return nil, err
	}
	if !chown {
		return f, nil
	}
	defer unix.Unlinkat(dir, path, 0)
	if err := f.Chown(uid, gid); err != nil {
		f.Close()
		return nil, fmt.Errorf("chown %d.%d: %w", uid, gid, err)
	}
	if err := unix.Linkat(dir, path, dir, name, 0); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
