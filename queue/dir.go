package queue

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Dir is one queue directory of a queue group.
type Dir struct {
	Root string // QueueDirectory, the base every Name is relative to
	Name string // relative to Root; "." for Root itself
	// Where the subdirectories qf/, df/ and xf/ exist, files of those
	// types are kept in them.
	SubQF, SubDF, SubXF bool
}

// Path is the directory's absolute path.
func (d *Dir) Path() string {
	if d.Name == "." {
		return d.Root
	}
	return d.Root + "/" + d.Name
}

func (d *Dir) sub(on bool, s string) string {
	if on {
		return d.Path() + "/" + s
	}
	return d.Path()
}

// QFDir holds qf, tf, hf and Qf files; DFDir df files; XFDir xf files.
func (d *Dir) QFDir() string { return d.sub(d.SubQF, "qf") }
func (d *Dir) DFDir() string { return d.sub(d.SubDF, "df") }
func (d *Dir) XFDir() string { return d.sub(d.SubXF, "xf") }

// File is the path of the file of type typ ("qf", "df", "tf", "xf",
// "hf", "Qf") for queue ID id.
func (d *Dir) File(typ, id string) string {
	switch typ {
	case "df":
		return d.DFDir() + "/df" + id
	case "xf":
		return d.XFDir() + "/xf" + id
	}
	return d.QFDir() + "/" + typ + id
}

// Display is how sendmail names the directory in its listing: the path,
// with "/df" after it when data files are in a df/ subdirectory.
func (d *Dir) Display() string {
	if d.SubDF {
		return d.Path() + "/df"
	}
	return d.Path()
}

// Group is a queue group: the default one ("mqueue") whose path is
// QueueDirectory, or one declared by a Q line of the .cf.
type Group struct {
	Name string
	Dirs []*Dir
}

// isDir is sendmail's test for a queue (sub)directory: a directory, or a
// symbolic link to one.
func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// scanDirs turns a queue path (absolute, under root, maybe ending in
// "*") into its directories, noting their qf/, df/ and xf/.
func scanDirs(root, path string) ([]*Dir, error) {
	if !strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("queue path %s is not absolute", path)
	}
	rel := "."
	if path != root && path != root+"/*" {
		if !strings.HasPrefix(path, root+"/") {
			return nil, fmt.Errorf("queue path %s is not under QueueDirectory %s", path, root)
		}
		rel = path[len(root)+1:]
	} else if path == root+"/*" {
		rel = "*"
	}
	var names []string
	if strings.HasSuffix(rel, "*") {
		parent, prefix := ".", strings.TrimSuffix(rel, "*")
		if i := strings.LastIndexByte(prefix, '/'); i >= 0 {
			parent, prefix = prefix[:i], prefix[i+1:]
		}
		f, err := os.Open(filepath.Join(root, parent))
		if err != nil {
			return nil, err
		}
		ents, err := f.ReadDir(-1) // directory order, as readdir(3)
		f.Close()
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			n := e.Name()
			if n == "." || n == ".." || !strings.HasPrefix(n, prefix) {
				continue
			}
			if parent != "." {
				n = parent + "/" + n
			}
			if isDir(filepath.Join(root, n)) {
				names = append(names, n)
			}
		}
	}
	if len(names) == 0 {
		if strings.HasSuffix(rel, "*") {
			rel = strings.TrimSuffix(strings.TrimSuffix(rel, "*"), "/")
			if rel == "" {
				rel = "."
			}
		}
		if !isDir(filepath.Join(root, rel)) {
			return nil, fmt.Errorf("queue directory %s: %w", filepath.Join(root, rel), os.ErrNotExist)
		}
		names = []string{rel}
	}
	var dirs []*Dir
	for _, n := range names {
		d := &Dir{Root: root, Name: n}
		d.SubQF = isDir(d.Path() + "/qf")
		d.SubDF = isDir(d.Path() + "/df")
		d.SubXF = isDir(d.Path() + "/xf")
		dirs = append(dirs, d)
	}
	return dirs, nil
}

// Queue is a queue: QueueDirectory and its queue groups.
type Queue struct {
	Root   string   // QueueDirectory without a trailing "/*"-style wildcard
	Groups []*Group // Groups[0] is the default group, "mqueue"
	// FileMode is QueueFileMode, the mode of new queue files (0600).
	FileMode os.FileMode
	IDs      IDGen
	// Server is set by a process that receives messages for long and
	// many at a time (the SMTP daemon): its writers always share the
	// file system's barrier, even one alone (see commit.go).
	Server bool
}

// Open reads the layout of QueueDirectory dir (which may end in a "*"
// wildcard, as in the .cf).
func Open(dir string) (*Queue, error) {
	dir = strings.TrimSuffix(dir, "/")
	root := dir
	if strings.HasSuffix(dir, "*") {
		root = filepath.Dir(dir)
	}
	q := &Queue{Root: root, FileMode: 0o600}
	if err := q.AddGroup("mqueue", dir); err != nil {
		return nil, err
	}
	return q, nil
}

// AddGroup adds the queue group name whose Path is path (absolute,
// under QueueDirectory, maybe ending in "*").
func (q *Queue) AddGroup(name, path string) error {
	dirs, err := scanDirs(q.Root, strings.TrimSuffix(path, "/"))
	if err != nil {
		return err
	}
	for _, g := range q.Groups {
		if g.Name == name {
			return fmt.Errorf("queue group %s defined twice", name)
		}
	}
	q.Groups = append(q.Groups, &Group{Name: name, Dirs: dirs})
	return nil
}

// Dirs is every queue directory, group by group.
func (q *Queue) Dirs() []*Dir {
	var ds []*Dir
	for _, g := range q.Groups {
		ds = append(ds, g.Dirs...)
	}
	return ds
}

// DirNamed is the queue directory a d record names.
func (q *Queue) DirNamed(name string) (*Dir, error) {
	for _, d := range q.Dirs() {
		if d.Name == name {
			return d, nil
		}
	}
	return nil, errors.New("no queue directory " + name + " (named by a d record)")
}

// IDs lists the queue IDs of the control files of type typ ("qf", "hf"
// or "Qf") in d, in directory order.
func (d *Dir) IDs(typ string) ([]string, error) {
	f, err := os.Open(d.QFDir())
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ents, err := f.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, e := range ents {
		n := e.Name()
		if len(n) > 2 && n[:2] == typ && len(n) < maxQFName {
			ids = append(ids, n[2:])
		}
	}
	return ids, nil
}

// maxQFName is one more than the longest control file name sendmail
// considers.
const maxQFName = 21
