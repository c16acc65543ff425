package deliver

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// File is delivery to a file named by an alias, a .forward or an
// :include: list ("/path"), as sendmail's *file* mailer does it
// (F=lsDFMPEouq9: a From line, "From " lines escaped, appended under an
// fcntl lock).
type File struct {
	// SafeFileEnvironment is sendmail's option of that name: when set
	// (and not "/"), every file is written inside that directory as if it
	// were the root, a path that begins with it has that part stripped
	// ("/safe/logs/f" and "/logs/f" are the same file), and only regular
	// files (and /dev/null) are written to.
	SafeFileEnvironment string
	// Mode is the mode of a file that is created (0: 0600, sendmail's
	// default TempFileMode).
	Mode os.FileMode
	// Owner, when not nil, owns a created file (we must be root to give
	// it away).
	Owner *Account
	// MaxSize refuses, as Mailbox.MaxSize does, a message that would take
	// the file past this many bytes (0: no limit).
	MaxSize int64
	// LockTimeout bounds the wait for the fcntl lock (0: DefaultLockTimeout).
	LockTimeout time.Duration
	// Format gives the format of each message; nil is sendmail's file
	// mailer format: MboxFormat with TrailerFile.
	Format func(m *Message) Format

	wrap func(io.Writer) io.Writer // tests
}

// cantCreate is sendmail's answer when a file cannot be written:
// "550 5.0.0 /path... Can't create output" (EX_CANTCREAT). why is kept in
// Output for the log.
func cantCreate(why string) *Status {
	s := FromExit(ExCantCreat, "", "", "")
	s.Output = why
	return s
}

// Deliver appends m to the file at path ("/dev/null" swallows it). It
// refuses a symbolic link, a file that is not regular, has more than one
// link or has an execute bit set.
func (fd *File) Deliver(path string, m *Message) *Status {
	if !strings.HasPrefix(path, "/") {
		return cantCreate(fmt.Sprintf("%s: not an absolute path", path))
	}
	if path == "/dev/null" {
		return ok()
	}
	var (
		f       *os.File
		created bool
		why     string
		err     error
	)
	perm := fd.Mode
	if perm == 0 {
		perm = 0600
	}
	chown := fd.Owner != nil
	uid, gid := -1, -1
	if chown {
		uid, gid = fd.Owner.UID, fd.Owner.GID
	}
	sfe := strings.TrimRight(fd.SafeFileEnvironment, "/")
	if sfe != "" {
		var dir *os.File
		dir, path, err = openSafeDir(sfe, path)
		if err == nil {
			if path == "/dev/null" {
				dir.Close()
				return ok()
			}
			f, created, why, err = openSafe(dir, path, perm, chown, uid, gid)
			dir.Close()
		}
	} else {
		f, created, why, err = openAppend(path, perm, chown, uid, gid)
	}
	if err != nil {
		return cantCreate(fmt.Sprintf("%s: %v", path, err))
	}
	if why != "" {
		return cantCreate(fmt.Sprintf("%s: %s", path, why))
	}
	defer f.Close()
	if !created {
		fi, err := f.Stat()
		if err != nil {
			return cantCreate(err.Error())
		}
		if fi.Mode()&0111 != 0 {
			return cantCreate(fmt.Sprintf("%s: is executable", path))
		}
	}
	lt := fd.LockTimeout
	if lt <= 0 {
		lt = DefaultLockTimeout
	}
	format := MboxFormat(m.Sender, m.time())
	format.Trailer = TrailerFile
	if fd.Format != nil {
		format = fd.Format(m)
	}
	job := &appendJob{
		file: f, name: path, max: fd.MaxSize, lockTimeout: lt, format: format, wrap: fd.wrap,
		onLockErr: func(err error) *Status { return FromExit(ExTempFail, "*file*", "[FILE]", err.Error()) },
		onWriteErr: func(err error) *Status {
			s := FromExit(ExIOErr, "", "", "")
			s.Output = fmt.Sprintf("%s: %v", path, err)
			return s
		},
	}
	return job.run(m)
}

// openSafeDir opens the SafeFileEnvironment directory root and returns
// path relative to it: with root's own prefix stripped, as sendmail does.
func openSafeDir(root, path string) (*os.File, string, error) {
	if path == root {
		return nil, "", errors.New("is the SafeFileEnvironment directory")
	}
	if strings.HasPrefix(path, root+"/") {
		path = path[len(root):]
	}
	dir, err := os.Open(root)
	if err != nil {
		return nil, "", err
	}
	return dir, filepath.Clean(path), nil
}

// openSafe is openAppend inside the directory dir taken as the root:
// each directory on the way is opened with O_NOFOLLOW, so that neither a
// symbolic link nor ".." leads out of it, and the file itself must be a
// regular file.
func openSafe(dir *os.File, path string, perm os.FileMode, chown bool, uid, gid int) (*os.File, bool, string, error) {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	cur, err := syscall.Dup(int(dir.Fd()))
	if err != nil {
		return nil, false, "", err
	}
	defer func() { syscall.Close(cur) }()
	for _, p := range parts[:len(parts)-1] {
		if p == ".." {
			return nil, false, "", errors.New("path leaves SafeFileEnvironment")
		}
		next, err := syscall.Openat(cur, p, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
		if err != nil {
			if errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.ENOTDIR) {
				return nil, false, fmt.Sprintf("%s is not a directory in SafeFileEnvironment", p), nil
			}
			return nil, false, "", err
		}
		syscall.Close(cur)
		cur = next
	}
	name := parts[len(parts)-1]
	if name == "" || name == ".." || name == "." {
		return nil, false, "", errors.New("not a file name")
	}
	return openAppendAt(cur, name, path, perm, chown, uid, gid)
}
