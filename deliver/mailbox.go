package deliver

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// DefaultMailDir is where local mailboxes live.
const DefaultMailDir = "/var/mail"

// Account is what local delivery needs to know of a user.
type Account struct {
	Name     string
	UID, GID int
	Home     string
}

// LookupAccount finds a user in the system's user database.
func LookupAccount(name string) (*Account, error) {
	u, err := user.Lookup(name)
	if err != nil {
		return nil, err
	}
	uid, err1 := strconv.Atoi(u.Uid)
	gid, err2 := strconv.Atoi(u.Gid)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("user %s: non-numeric uid %q or gid %q", name, u.Uid, u.Gid)
	}
	return &Account{Name: u.Username, UID: uid, GID: gid, Home: u.HomeDir}, nil
}

// Mailbox is built-in local delivery: it appends messages to Dir/USER in
// mbox format, the way sendmail's local delivery agent (mail.local) does.
// The zero Mailbox delivers to /var/mail with the default timeouts.
type Mailbox struct {
	// Dir holds the mailboxes; "" is DefaultMailDir.
	Dir string
	// MaxSize is the local mailbox size limit in bytes (our option
	// LocalMailboxMaxSize; 0 means no limit). A message that would take
	// the mailbox past it is refused with "552 5.2.2 Mailbox full", a
	// permanent failure, and the mailbox is left as it was.
	MaxSize int64
	// LockTimeout bounds the wait for the dot lock and for the fcntl lock
	// (0: DefaultLockTimeout); StaleLockAge is the age past which a dot
	// lock is taken to be left over (0: DefaultStaleLockAge).
	LockTimeout  time.Duration
	StaleLockAge time.Duration
	// NoDotLock leaves out the USER.lock file (fcntl locking only), for a
	// mail directory the delivering process cannot write into.
	NoDotLock bool
	// Lookup finds the user; nil is LookupAccount.
	Lookup func(name string) (*Account, error)
	// Format gives the format of each message; nil is MboxFormat.
	Format func(m *Message) Format

	// wrap is for tests: it stands between the formatter and the file.
	wrap func(io.Writer) io.Writer
}

// Path is the mailbox file of user.
func (mb *Mailbox) Path(user string) string {
	dir := mb.Dir
	if dir == "" {
		dir = DefaultMailDir
	}
	return filepath.Join(dir, user)
}

func (mb *Mailbox) lockTimeout() time.Duration {
	if mb.LockTimeout > 0 {
		return mb.LockTimeout
	}
	return DefaultLockTimeout
}

// mailboxTemp is how mail.local reports a mailbox it cannot use now: a
// temporary failure, so the message waits in the queue until it is fixed.
func mailboxTemp(format string, a ...any) *Status {
	return temp(450, "4.2.0", fmt.Sprintf(format, a...), ExTempFail)
}

// Deliver appends m to the mailbox of the local user name.
//
// The mailbox is refused (temporary failure, 450 4.2.0) when it is a
// symbolic link, not a regular file, has more than one hard link, or is
// owned by someone other than the user. A missing mailbox is created with
// mode 0600 and owned by the user (when we are root). While it is written
// it is dot-locked and fcntl-locked; if writing fails, it is truncated back
// to its former size.
func (mb *Mailbox) Deliver(name string, m *Message) *Status {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\x00") {
		return perm(550, "5.1.3", fmt.Sprintf("%s: Invalid mailbox path", name), ExNoUser)
	}
	lookup := mb.Lookup
	if lookup == nil {
		lookup = LookupAccount
	}
	acct, err := lookup(name)
	if err != nil {
		var unknown user.UnknownUserError
		if errors.As(err, &unknown) || errors.Is(err, os.ErrNotExist) {
			return userUnknown()
		}
		return temp(451, "4.3.0", fmt.Sprintf("%s: User database failure; retry later", name), ExTempFail)
	}
	path := mb.Path(name)

	f, st := mb.openLocked(path, acct)
	if st != nil {
		return st
	}
	defer f.close()
	format := MboxFormat(m.Sender, m.time())
	if mb.Format != nil {
		format = mb.Format(m)
	}
	job := &appendJob{
		file: f.File, name: path, max: mb.MaxSize, locked: true,
		format: format, wrap: mb.wrap,
		onLockErr: func(err error) *Status { return mailboxTemp("Lock %s: %v", path, err) },
		onWriteErr: func(err error) *Status {
			switch {
			case errors.Is(err, syscall.EDQUOT):
				return temp(452, "4.2.2", "Mailbox full", ExTempFail)
			case errors.Is(err, syscall.ENOSPC):
				return temp(452, "4.3.1", fmt.Sprintf("Write %s: %v", path, err), ExTempFail)
			}
			return mailboxTemp("Write %s: %v", path, err)
		},
	}
	return job.run(m)
}

// lockedMailbox is an open mailbox with its locks.
type lockedMailbox struct {
	*os.File
	dot *dotLock
}

func (l *lockedMailbox) close() {
	l.File.Close() // drops the fcntl lock
	l.dot.release()
}

// openLocked opens (or creates) the mailbox at path, checks it, and takes
// the dot lock and the fcntl lock, never waiting for one while holding the
// other (see lock.go).
func (mb *Mailbox) openLocked(path string, acct *Account) (*lockedMailbox, *Status) {
	stale := mb.StaleLockAge
	if stale <= 0 {
		stale = DefaultStaleLockAge
	}
	euid := os.Geteuid()
	chown := euid == 0 || acct.UID != euid
	deadline := time.Now().Add(mb.lockTimeout())
	wait := 5 * time.Millisecond
	for {
		var dl *dotLock
		if !mb.NoDotLock {
			var err error
			dl, err = acquireDotLock(path, time.Until(deadline), stale)
			if err != nil {
				return nil, mailboxTemp("Lock %s: %v", path+".lock", err)
			}
		}
		f, created, why, err := openAppend(path, 0600, chown, acct.UID, acct.GID)
		if err != nil || why != "" {
			dl.release()
			if err != nil {
				return nil, mailboxTemp("Create %s: %v", path, err)
			}
			return nil, mailboxTemp("%s: %s", path, why)
		}
		if !created {
			var st syscall.Stat_t
			if err := syscall.Fstat(int(f.Fd()), &st); err != nil || int(st.Uid) != acct.UID {
				f.Close()
				dl.release()
				if err != nil {
					return nil, mailboxTemp("%s: %v", path, err)
				}
				return nil, mailboxTemp("%s: wrong ownership (%d)", path, st.Uid)
			}
		}
		busy, err := tryLockFile(f)
		if err == nil {
			if st := recoverPartial(f, dl); st != nil {
				f.Close()
				dl.release()
				return nil, st
			}
			return &lockedMailbox{f, dl}, nil
		}
		f.Close()
		dl.release()
		if !busy {
			return nil, mailboxTemp("Lock %s: %v", path, err)
		}
		if time.Now().After(deadline) {
			return nil, mailboxTemp("Lock %s: %v", path, errLockTimeout)
		}
		time.Sleep(wait)
		if wait < 500*time.Millisecond {
			wait *= 2
		}
	}
}

// recoverPartial cuts back what a process killed in the middle of an
// append left in the mailbox (see dotLock), then records the size the
// mailbox has before our own append.
func recoverPartial(f *os.File, dl *dotLock) *Status {
	if dl == nil {
		return nil
	}
	st, err := f.Stat()
	if err != nil {
		return mailboxTemp("%s: %v", f.Name(), err)
	}
	size := st.Size()
	if n := dl.brokenSize; n >= 0 && size > n {
		head := make([]byte, 5)
		if _, err := f.ReadAt(head, n); err == nil && string(head) == "From " {
			if err := f.Truncate(n); err != nil {
				return mailboxTemp("Truncate %s: %v", f.Name(), err)
			}
			f.Sync()
			size = n
		}
	}
	dl.record(size)
	return nil
}
