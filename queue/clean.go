package queue

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// OrphanDataAge is the age past which Cleanup removes a data file that
// has no control file.
const OrphanDataAge = 2 * time.Hour

// Cleanup removes what a process killed in the middle of queueing or
// delivering leaves behind, which no queue run would otherwise touch:
//
//   - a tf file that no process holds locked (Create and Rewrite hold the
//     lock of the tf they write until it is renamed), with its df when
//     there is no qf (a Create that was killed);
//   - a df.tmp data file whose tf is gone or unlocked;
//   - a df file with neither a qf nor a tf (a process killed between
//     removing a delivered message's qf and its df), once it is older
//     than OrphanDataAge: the reference sendmail writes a message's df
//     while it reads the message, before any tf or qf exists, so a
//     younger one may be a message still arriving.
//
// Files modified less than minAge ago are left alone, which covers the
// moment between creating a tf and locking it. It returns the paths
// removed.
func (q *Queue) Cleanup(minAge time.Duration) []string {
	older := func(p string, age time.Duration) bool {
		st, err := os.Lstat(p)
		return err == nil && st.Mode().IsRegular() && time.Since(st.ModTime()) >= age
	}
	var removed []string
	old := func(p string) bool {
		st, err := os.Lstat(p)
		return err == nil && st.Mode().IsRegular() && time.Since(st.ModTime()) >= minAge
	}
	exists := func(p string) bool { _, err := os.Lstat(p); return err == nil }
	rm := func(p string) {
		if os.Remove(p) == nil {
			removed = append(removed, p)
		}
	}
	for _, d := range q.Dirs() {
		tfs, _ := filepath.Glob(filepath.Join(d.QFDir(), "tf*"))
		for _, tf := range tfs {
			if old(tf) && !IsLocked(tf) {
				id := strings.TrimPrefix(filepath.Base(tf), "tf")
				rm(tf)
				// a Create that never got to its qf: its df is no message
				if !exists(d.File("qf", id)) {
					rm(d.File("df", id))
				}
			}
		}
		dfs, _ := filepath.Glob(filepath.Join(d.DFDir(), "df*"))
		for _, df := range dfs {
			id := strings.TrimPrefix(filepath.Base(df), "df")
			id = strings.TrimSuffix(id, ".tmp")
			tf := d.File("tf", id)
			if !old(df) || (exists(tf) && IsLocked(tf)) {
				continue
			}
			switch {
			case strings.HasSuffix(df, ".tmp"):
				rm(df)
			case !exists(d.File("qf", id)) && !exists(tf) && older(df, OrphanDataAge):
				rm(df)
			}
		}
	}
	if len(removed) > 0 {
		for _, d := range q.Dirs() {
			syncDir(d.QFDir())
			if d.DFDir() != d.QFDir() {
				syncDir(d.DFDir())
			}
		}
	}
	return removed
}
