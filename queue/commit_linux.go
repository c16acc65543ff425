package queue

import (
	"os"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// fileSystem is one file system's shared barrier.
type fileSystem struct {
	fd     int // a directory on it, open for good
	g      groupSync
	broken atomic.Bool
}

func (fs *fileSystem) sync() error {
	if err := ignoringEINTR(func() error { return unix.Syncfs(fs.fd) }); err != nil {
		return &os.SyscallError{Syscall: "syncfs", Err: err}
	}
	return nil
}

var (
	fsMu    sync.Mutex
	fsByDir = map[string]*fileSystem{}
	fsByDev = map[uint64]*fileSystem{}
)

// fsOf returns the barrier of dir's file system, nil when it cannot be
// had.
func fsOf(dir string) *fileSystem {
	fsMu.Lock()
	defer fsMu.Unlock()
	if fs, ok := fsByDir[dir]; ok {
		return fs
	}
	var st unix.Stat_t
	if err := unix.Stat(dir, &st); err != nil {
		return nil // not cached: the directory may appear
	}
	fs := fsByDev[st.Dev]
	if fs == nil {
		fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			return nil
		}
		fs = &fileSystem{fd: fd}
		fsByDev[st.Dev] = fs
	}
	fsByDir[dir] = fs
	return fs
}
