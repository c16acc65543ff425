package queue

import (
	"errors"
	"os"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// Group commit. A message is durable when its df, its qf and the qf's
// name are on disk. Alone, a writer gets there as sendmail does: an
// fsync of the df, one of the qf before it is linked into the
// directory, one of the directory after. When several goroutines of a
// process queue messages at once (an SMTP server: Queue.Server), the files
// are written and the qf linked with no fsync, and one syncfs(2) of the
// queue's file system, shared by every writer that reached that point,
// makes all of it durable: the files and directory entries of many
// messages are written in one pass and the disk cache flushed once,
// where per-file fsyncs would flush it three times a message. A writer
// that arrives while a syncfs runs waits for the next one, which starts
// after its own writes. The server's lone writer uses it too: one wait
// for the disk instead of three in a row (and on a journalled file
// system an fsync already commits everything pending, much as syncfs
// does); a command-line submission, alone for good, keeps its fsyncs.
//
// Before that syncfs ends, a crash (of the machine: a killed process
// loses nothing the kernel has) may leave the qf's name on disk without
// its data or the df's; but nobody was told the message was accepted,
// and the df is always written before the qf is linked, so what the
// disk can hold is a qf with no bytes (delayed allocation writes a
// file's size with its data), which every queue runner, ours and
// sendmail's, removes with its df, or a whole message the client will
// send again.
//
// syncfs reports the write errors that happened after its file
// descriptor was opened; the descriptor is opened once per file system
// and kept, so an error is seen by the first barrier after it. After
// any error the file system goes back to per-file fsyncs for good (the
// messages at hand fail: their clients are told to try again).

// creating counts the CreateID calls under way in this process.
var creating atomic.Int32

// noTmpfile is set once O_TMPFILE failed: control files are then
// written as tf files and renamed.
var noTmpfile atomic.Bool

// noLinkByFD is set once linking an unnamed file by its descriptor
// (AT_EMPTY_PATH) was refused: its /proc name is linked instead.
var noLinkByFD atomic.Bool

// GroupCommit can be set false to make every message pay its own
// fsyncs (tests that compare the two ways).
var GroupCommit = true

// grouped tells whether a writer should share a barrier with others,
// which the file systems of dirs must all offer.
func (q *Queue) grouped(dirs ...string) bool {
	if !GroupCommit || (!q.Server && creating.Load() <= 1) {
		return false
	}
	for _, d := range dirs {
		if fs := fsOf(d); fs == nil || fs.broken.Load() {
			return false
		}
	}
	return true
}

// barrier makes durable what this process wrote on dir's file system
// before the call; grouped said it has one. A barrier that failed since
// fails again.
func barrier(dir string) error {
	fs := fsOf(dir)
	if fs == nil || fs.broken.Load() {
		return errors.New("queue: the file system's shared barrier failed")
	}
	if err := fs.g.run(fs.sync); err != nil {
		fs.broken.Store(true)
		return err
	}
	return nil
}

// ignoringEINTR runs fn again while it is interrupted by a signal.
func ignoringEINTR(fn func() error) error {
	for {
		if err := fn(); err != unix.EINTR {
			return err
		}
	}
}

// fdWriter writes to a file descriptor without the os.File machinery
// (which tries to register a regular file with the network poller: four
// system calls an open).
type fdWriter int

func (w fdWriter) Write(b []byte) (int, error) {
	n := 0
	for n < len(b) {
		var m int
		err := ignoringEINTR(func() (err error) { m, err = unix.Write(int(w), b[n:]); return err })
		if err != nil {
			return n, &os.PathError{Op: "write", Path: "", Err: err}
		}
		n += m
	}
	return n, nil
}

// createExcl creates path, which must not exist, for writing.
func createExcl(path string, mode os.FileMode) (int, error) {
	var fd int
	err := ignoringEINTR(func() (err error) {
		fd, err = unix.Open(path, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, uint32(mode.Perm()))
		return err
	})
	if err != nil {
		return -1, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return fd, nil
}

// fsyncFD fsyncs fd, named path in errors.
func fsyncFD(fd int, path string) error {
	if err := ignoringEINTR(func() error { return unix.Fsync(fd) }); err != nil {
		return &os.PathError{Op: "fsync", Path: path, Err: err}
	}
	return nil
}
