package deliver

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// Locking of a mailbox, as mail.local and Debian's liblockfile do it and
// as mail readers (mutt, mailx, Dovecot's default mbox_write_locks =
// "dotlock fcntl") expect:
//
//  1. a dot lock: the file NAME.lock beside the mailbox, made by writing
//     our process id into a unique temporary file and hard-linking it to
//     NAME.lock (safe on NFS, where O_EXCL is not). A lock whose process
//     no longer exists, or that is older than the stale age, is removed.
//  2. an fcntl write lock on the whole open mailbox. We take it as an
//     open-file-description lock (F_OFD_SETLK), which conflicts with the
//     classic fcntl locks other programs take but, unlike them, also
//     keeps two goroutines of one process apart.
//
// Debian's mail.local takes the fcntl lock first and the dot lock second;
// Dovecot and others the other way round. So that neither order can
// deadlock with us, we never wait for one lock while holding the other:
// holding the dot lock, we only try the fcntl lock, and if it is taken we
// let the dot lock go, wait a little and start again.

// Defaults for Mailbox.LockTimeout and Mailbox.StaleLockAge.
const (
	DefaultLockTimeout  = 2 * time.Minute
	DefaultStaleLockAge = 5 * time.Minute // liblockfile's and mail.local's age
)

var errLockTimeout = errors.New("lock timeout")

// lockSeq numbers the temporary files of dot locks made by this process.
var lockSeq atomic.Uint64

// dotLock is a held NAME.lock file.
type dotLock struct {
	path string
	// brokenSize is the mailbox size recorded in a stale lock this one
	// replaced (-1: none): where the dead process began to write.
	brokenSize int64
}

// Besides the process ID that liblockfile and mail.local put in a lock
// file, our lock records, once the mailbox is locked, the size the
// mailbox had before we append to it: "pid\nsize N\n". A process killed
// while it appends leaves its lock; whoever breaks that stale lock cuts
// the mailbox back to that size, so that no partial message stays (the
// killed process never reported the delivery, so the message is still
// queued and will be delivered again whole).

// record notes in the lock file the mailbox size before our append.
func (l *dotLock) record(size int64) {
	if l == nil {
		return
	}
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return
	}
	fmt.Fprintf(f, "size %d\n", size)
	f.Close()
}

// recordedSize reads the size a lock file recorded, or -1.
func recordedSize(path string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "size "); ok {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
				return n
			}
		}
	}
	return -1
}

// acquireDotLock makes path+".lock", waiting up to timeout and breaking
// stale locks.
func acquireDotLock(path string, timeout, stale time.Duration) (*dotLock, error) {
	lock := path + ".lock"
	host, _ := os.Hostname()
	host = strings.ReplaceAll(host, "/", "_")
	deadline := time.Now().Add(timeout)
	wait := 10 * time.Millisecond
	broken := int64(-1)
	for n := 0; ; n++ {
		// unique among the goroutines of this process too (two may read
		// the same clock)
		tmp := fmt.Sprintf("%s.%s.%d.%d.%d", lock, host, os.Getpid(), time.Now().UnixNano(), lockSeq.Add(1))
		got, err := tryLink(tmp, lock)
		if err != nil {
			return nil, err
		}
		if got {
			return &dotLock{path: lock, brokenSize: broken}, nil
		}
		if isStale(lock, stale) {
			broken = recordedSize(lock)
			os.Remove(lock)
			continue
		}
		if time.Now().After(deadline) {
			return nil, errLockTimeout
		}
		time.Sleep(wait)
		if wait < time.Second {
			wait *= 2
		}
	}
}

// tryLink writes our pid into tmp and links it to lock. It reports whether
// the lock is ours; an existing lock is not an error.
func tryLink(tmp, lock string) (bool, error) {
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, 0644)
	if err != nil {
		return false, err
	}
	_, werr := f.WriteString(strconv.Itoa(os.Getpid()) + "\n")
	cerr := f.Close()
	defer os.Remove(tmp)
	if werr != nil {
		return false, werr
	}
	if cerr != nil {
		return false, cerr
	}
	lerr := os.Link(tmp, lock)
	// The link may have been made even when link(2) reports an error
	// (NFS): the link count of tmp is what tells.
	var st syscall.Stat_t
	if err := syscall.Stat(tmp, &st); err == nil && st.Nlink == 2 {
		return true, nil
	}
	if lerr != nil && !errors.Is(lerr, os.ErrExist) {
		return false, lerr
	}
	return false, nil
}

// isStale reports whether the lock at path belongs to a process that is
// gone or is older than age.
func isStale(path string, age time.Duration) bool {
	fi, err := os.Lstat(path)
	if err != nil {
		return false
	}
	if time.Since(fi.ModTime()) > age {
		return true
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	first, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil || pid <= 0 {
		return false
	}
	return syscall.Kill(pid, 0) == syscall.ESRCH
}

func (l *dotLock) release() {
	if l != nil {
		os.Remove(l.path)
	}
}

// Linux's open-file-description lock commands (not in package syscall).
const fOFDSetlk = 37

// tryLockFile takes a write lock on all of f if it is free; busy
// reports that someone else holds one.
func tryLockFile(f *os.File) (busy bool, err error) {
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0}
	for {
		err = syscall.FcntlFlock(f.Fd(), fOFDSetlk, &lk)
		if err == syscall.EINVAL {
			// A kernel without OFD locks: a classic fcntl lock.
			err = syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, &lk)
		}
		if err != syscall.EINTR {
			break
		}
	}
	if err == syscall.EAGAIN || err == syscall.EACCES {
		return true, err
	}
	return false, err
}

// lockFile takes a write lock on all of f, waiting up to timeout.
func lockFile(f *os.File, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	wait := 5 * time.Millisecond
	for {
		busy, err := tryLockFile(f)
		if !busy {
			return err
		}
		if time.Now().After(deadline) {
			return errLockTimeout
		}
		time.Sleep(wait)
		if wait < 500*time.Millisecond {
			wait *= 2
		}
	}
}
