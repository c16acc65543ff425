package smtpclient

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// PrintHostStatus writes what `hoststat` (sendmail -bh) prints for the
// host status directory dir: nothing when it holds no status, else a
// header line and one line a host, in directory order:
//
//	-------------- Hostname --------------- How long ago ---------Results---------
//	127.0.0.1                                   00:00:02 Deferred: Connection refu
//
// The host name is rebuilt from the file's path (each directory a
// label ending in '.'), left-justified in 39 columns and a blank; the age of the
// status is right-justified in 12 (HH:MM:SS, with "D+" from a day on);
// the result is the error of a failed connection ("Deferred: " and the
// system's text) or the last reply, cut so that the line stays within
// 79 columns.
func PrintHostStatus(w io.Writer, dir string, now time.Time) error {
	header := false
	var walk func(path, name string) error
	walk = func(path, name string) error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		names, err := f.Readdirnames(-1) // directory order, as readdir(3) gives it
		f.Close()
		if err != nil {
			return err
		}
		for _, n := range names {
			p := filepath.Join(path, n)
			st, err := os.Lstat(p)
			if err != nil {
				continue
			}
			if st.IsDir() {
				label := name
				if strings.HasSuffix(n, ".") {
					label = n + name
				} else {
					label = ""
				}
				walk(p, label)
				continue
			}
			if !st.Mode().IsRegular() || strings.Contains(n, ".tmp") {
				continue
			}
			data, err := os.ReadFile(p)
			if err != nil {
				continue
			}
			h, err := ParseHostStatus(data)
			if err != nil {
				continue
			}
			if !header {
				fmt.Fprintln(w, " -------------- Hostname --------------- How long ago ---------Results---------")
				header = true
			}
			host := strings.TrimSuffix(n+"."+name, ".")
			line := fmt.Sprintf(" %-39s %12s ", host, age(now.Sub(h.Updated)))
			res := h.Reply
			if h.Errno != 0 {
				res = "Deferred: " + errnoText(h.Errno)
			}
			if room := 79 - len(line); len(res) > room {
				if room < 0 {
					room = 0
				}
				res = res[:room]
			}
			fmt.Fprintln(w, line+res)
		}
		return nil
	}
	if _, err := os.Stat(dir); err != nil {
		return err
	}
	return walk(dir, "")
}

// age is sendmail's HH:MM:SS, with "D+" in front from a day on.
func age(d time.Duration) string {
	s := int64(d.Seconds())
	if s < 0 {
		s = 0
	}
	days := s / 86400
	s %= 86400
	t := fmt.Sprintf("%02d:%02d:%02d", s/3600, s/60%60, s%60)
	if days > 0 {
		t = fmt.Sprintf("%d+%s", days, t)
	}
	return t
}

// errnoText is the C library's text for an errno value.
func errnoText(n int) string {
	s := syscall.Errno(n).Error()
	if s != "" {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

// PurgeHostStatus removes every host status file under dir (sendmail
// -bH, purgestat), keeping the directory itself.
func PurgeHostStatus(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}
