package test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The reference sendmail 8.17 (Debian's sendmail-bin and sendmail-cf) and GNU m4.
const (
	bvRefSendmail = "/usr/libexec/sendmail/sendmail"
	bvRefMakemap  = "/usr/libexec/sendmail/makemap"
	bvRefCFDir    = "/usr/share/sendmail/cf"
)

// bvRun is one `sendmail -bv -C x.cf ARGS...` invocation; @DIR@ in an
// argument is the case directory. Stdin is what the command reads (-t).
type bvRun struct {
	name  string
	args  []string
	stdin string
}

// bvResult is what one invocation printed.
type bvResult struct {
	stdout, stderr string
	code           int
}

// bvCase is one configuration of testdata/bv: the directory NAME holds a
// config.mc and the files it names (maps, aliases, include and .forward
// files), with @DIR@ standing for the directory they are copied to;
// NAME.addresses lists addresses, one a line, each verified alone, alone
// with -v, and all of them at once (with and without -v).
type bvCase struct {
	name  string
	extra []bvRun
}

// bvMessage is the message the -t runs read.
const bvMessage = "Subject: bv\n\nbody\n"

var bvCases = []bvCase{
	{name: "maps", extra: []bvRun{
		{name: "order_err_first", args: []string{"user@err.example", "nosuchuser"}},
		{name: "order_nouser_first", args: []string{"nosuchuser", "user@err.example"}},
		{name: "virtuser_then_local", args: []string{"info@virt.example.org", "alice", "alice@example.com"}},
	}},
	{name: "aliases", extra: []bvRun{
		{name: "no_address", args: nil},
		// ruleset 5 (localaddr): user+detail goes to the user, and the
		// user's .forward still applies
		{name: "plus_detail", args: []string{"-v", "root+tag", "root+", "nosuchuser+x", "bin+a"}},
		{name: "oi", args: []string{"-oi", "bin"}},
		{name: "same_twice", args: []string{"-v", "bin", "bin"}},
		{name: "primary_then_forwarded", args: []string{"-v", "bin", "root"}},
		{name: "forwarded_then_primary", args: []string{"-v", "root", "bin"}},
		{name: "comma_list_in_one_argument", args: []string{"-v", "bin, nobody, root"}},
		{name: "space_list_in_one_argument", args: []string{"bin nobody root"}},
		{name: "old_style_then_comma", args: []string{"quoted name", "bin, nobody"}},
		{name: "comma_then_old_style", args: []string{"bin, nobody", "quoted name"}},
		{name: "direct_program", args: []string{"|/bin/true"}},
		{name: "direct_file", args: []string{"@DIR@/mbox"}},
		{name: "direct_include", args: []string{":include:@DIR@/inc.list"}},
		{name: "direct_error", args: []string{"error:nouser direct"}},
		{name: "exit_nouser_then_usage", args: []string{"nosuchuser", "|/bin/true"}},
		{name: "exit_usage_then_nouser", args: []string{"|/bin/true", "nosuchuser"}},
		{name: "exit_syntax_then_nouser", args: []string{"@bad", "nosuchuser"}},
		{name: "exit_nouser_then_syntax", args: []string{"nosuchuser", "a@"}},
		{name: "syntax", args: []string{"<unbalanced", "x@[1.2.3"}},
		{name: "loop_then_user", args: []string{"loopa", "bin"}},
		{name: "user_then_loop", args: []string{"bin", "loopa"}},
		{name: "too_deep_then_user", args: []string{"deep1", "nobody"}},
		{name: "owners_1", args: []string{"-v", "several", "owned"}},
		{name: "owners_2", args: []string{"-v", "owned", "several"}},
		{name: "owners_3", args: []string{"owner-owned", "several", "nested"}},
		{name: "case", args: []string{"bin", "Bin", "BIN", "bin@MX.EXAMPLE.COM"}},
		{name: "quoting", args: []string{`"bin"`, `b\in`}},
		{name: "angle_and_comment", args: []string{"<bin>", "Bin Name <bin>", "bin (comment)"}},
		{name: "remote_user_case", args: []string{"Sorted@aa.example", "sorted@aa.example"}},
		{name: "empty_argument", args: []string{""}},
		{name: "errors_while_resolving_first", args: []string{"nosuchuser, :include:/x"}},
		{name: "direct_specials_right_to_left", args: []string{"nosuchuser, |/bin/true, /tmp/f"}},
		{name: "open_angle_in_a_list", args: []string{"<bin, nobody"}},
		{name: "blanks_after_an_address", args: []string{"nobody , bin "}},
		{name: "tab_before_a_comma", args: []string{"nobody\t,bin"}},
		{name: "null_addresses", args: []string{"()", "<>", `""`}},
		{name: "route_and_old_style", args: []string{"a@b@c", "x y@z"}},
		{name: "unbalanced", args: []string{`"abc`, "abc)", "(abc", "bin>"}},
		{name: "loop_then_unknown", args: []string{"loopa", "nosuchuser"}},
		{name: "unknown_then_loop", args: []string{"nosuchuser", "loopa"}},
		{name: "syntax_error_before_loop", args: []string{"loopa, @bad"}},
		{name: "program_before_loop", args: []string{"|/bin/true", "loopa"}},
		{name: "queued_before_loop", args: []string{"u@later.example", "loopa"}},
		{name: "empty_include_then_user", args: []string{"-v", "emptyinc", "bin"}},
		{name: "dup_of_an_unknown_user", args: []string{"-v", "unknown", "nosuchuser"}},
		{name: "unknown_then_its_alias", args: []string{"-v", "nosuchuser", "unknown"}},
		{name: "one_from_a_list_is_not_primary", args: []string{"-v", "dup1", "bin"}},
		{name: "one_with_an_owner_is_not_primary", args: []string{"-v", "listowner", "bin"}},
		{name: "one_from_an_alias_is_primary", args: []string{"-v", "plain", "bin"}},
		{name: "forward_of_one_address", args: []string{"-v", "fwdsys", "bin"}},
		{name: "forward_only_duplicates", args: []string{"bin", "sys"}},
		{name: "same_error_twice", args: []string{"u@policy.example", "u@policy.example", "u@later.example", "u@later.example"}},
		{name: "same_program_twice", args: []string{"|/bin/true", "|/bin/true"}},
		{name: "queued_after_an_exit_status", args: []string{"nosuchuser", "u@d541.example"}},
		{name: "queued_before_an_exit_status", args: []string{"u@d541.example", "nosuchuser"}},
		{name: "tempfail_then_usage_error", args: []string{"|/bin/true", "u@later.example"}},
		{name: "tempfail_then_error", args: []string{"u@later.example", "u@policy.example"}},
		{name: "tempfail_then_success_status", args: []string{"u@d541.example", "u@d200.example"}},
		{name: "t_tempfail_in_header", args: []string{"-oQ@DIR@/queue", "-t"},
			stdin: "To: nobody, u@later.example\n" + bvMessage},
		{name: "t", args: []string{"-oQ@DIR@/queue", "-t"},
			stdin: "To: plain, nobody\nCc: remote\n" + bvMessage},
		{name: "t_verbose", args: []string{"-v", "-oQ@DIR@/queue", "-t"},
			stdin: "To: plain, nobody\nCc: remote\n" + bvMessage},
		{name: "t_header_error", args: []string{"-oQ@DIR@/queue", "-t", "nobody"},
			stdin: "To: bin, nosuchuser\nCc: remote\n" + bvMessage},
		{name: "t_argument_error", args: []string{"-oQ@DIR@/queue", "-t", "nosuchuser"},
			stdin: "To: bin\n" + bvMessage},
		{name: "t_resent", args: []string{"-oQ@DIR@/queue", "-t"},
			stdin: "To: plain, nobody\nCc: mail\nBcc: remote\nResent-To: root\n" + bvMessage},
		{name: "t_header_order", args: []string{"-oQ@DIR@/queue", "-t"},
			stdin: "Cc: nobody\nTo: bin\n" + bvMessage},
		{name: "t_no_recipients", args: []string{"-oQ@DIR@/queue", "-t"},
			stdin: bvMessage},
		{name: "t_apparently_to", args: []string{"-oQ@DIR@/queue", "-t"},
			stdin: "To: nobody\nApparently-To: bin\n" + bvMessage},
		{name: "t_apparently_to_resent", args: []string{"-oQ@DIR@/queue", "-t"},
			stdin: "Resent-To: nobody\nApparently-To: bin\n" + bvMessage},
		{name: "t_list_syntax", args: []string{"-oQ@DIR@/queue", "-t"},
			stdin: "To: undisclosed-recipients:;\n" + bvMessage},
	}},
}

// TestSendmailBv runs `sendmail -bv` with the reference and with ours on
// the same configuration (the reference's .cf made by GNU m4 with its cf
// tree, ours by our mc2cf from the same .mc; each side's maps and aliases
// built by its own makemap and `sendmail -bi`) and requires the same
// standard output, standard error and exit status, line for line.
// BV_DUMP=DIR also writes every invocation and both answers under DIR.
func TestSendmailBv(t *testing.T) {
	for _, f := range []string{bvRefSendmail, bvRefMakemap, bvRefCFDir + "/m4/cf.m4"} {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("reference missing: %s (apt-get install sendmail-bin sendmail-cf m4)", f)
		}
	}
	m4, err := exec.LookPath("m4")
	if err != nil {
		t.Skip("reference missing: GNU m4 (apt-get install m4)")
	}
	if os.Geteuid() != 0 {
		t.Skip("the reference's answers were studied as root (it reads .forward files and queues -t messages as root); run as root")
	}
	bins := t.TempDir()
	ours := map[string]string{}
	for _, c := range []string{"sendmail", "makemap", "mc2cf"} {
		ours[c] = buildCmd(t, bins, c)
	}
	base := bvSafeDir(t)
	onhost := bvOnHost(t, base)

	for _, c := range bvCases {
		t.Run(c.name, func(t *testing.T) {
			runs := bvRuns(t, c)
			dir := filepath.Join(base, c.name)

			// The reference first, then ours in the same directory, so
			// that the paths in the answers are the same.
			bvSetup(t, c.name, dir)
			if out, err := bvExec(dir, "", m4, "-D_CF_DIR_="+bvRefCFDir+"/", bvRefCFDir+"/m4/cf.m4", "config.mc"); err != nil || out.code != 0 {
				t.Fatalf("reference: m4 config.mc: exit %d %v\n%s", out.code, err, out.stderr)
			} else {
				bvWrite(t, filepath.Join(dir, "x.cf"), out.stdout)
			}
			if msg := bvBuild(dir, bvRefMakemap, bvRefSendmail, onhost); msg != "" {
				t.Fatalf("reference: %s", msg)
			}
			want := bvRunAll(t, dir, bvRefSendmail, onhost, runs)

			bvSetup(t, c.name, dir)
			if out, err := bvExec(dir, "", ours["mc2cf"], "config.mc"); err != nil || out.code != 0 {
				t.Fatalf("mc2cf config.mc: exit %d %v\n%s", out.code, err, out.stderr)
			} else {
				bvWrite(t, filepath.Join(dir, "x.cf"), out.stdout)
			}
			if msg := bvBuild(dir, ours["makemap"], ours["sendmail"], onhost); msg != "" {
				t.Errorf("ours: %s", msg)
			}
			got := bvRunAll(t, dir, ours["sendmail"], onhost, runs)
			if dump := os.Getenv("BV_DUMP"); dump != "" {
				bvDump(t, filepath.Join(dump, c.name), dir, runs, want, got)
			}

			for i, r := range runs {
				w, g := want[i], got[i]
				t.Run(r.name, func(t *testing.T) {
					if w == g {
						return
					}
					cmd := "sendmail -bv -C x.cf" + bvShell(bvArgs(r.args, dir))
					if r.stdin != "" {
						cmd += " <<EOF\n" + r.stdin + "EOF"
					}
					var b strings.Builder
					fmt.Fprintf(&b, "%s\n", cmd)
					if w.code != g.code {
						fmt.Fprintf(&b, "exit status: reference %d, ours %d\n", w.code, g.code)
					}
					if w.stdout != g.stdout {
						fmt.Fprintf(&b, "standard output (- reference, + ours):\n%s", bvDiff(w.stdout, g.stdout))
					}
					if w.stderr != g.stderr {
						fmt.Fprintf(&b, "standard error (- reference, + ours):\n%s", bvDiff(w.stderr, g.stderr))
					}
					t.Error(b.String())
				})
			}
		})
	}
}

// bvRuns lists the invocations of a case: each address alone, alone with
// -v, all at once, all at once with -v, then the case's own.
func bvRuns(t *testing.T, c bvCase) []bvRun {
	text, err := os.ReadFile(filepath.Join("testdata", "bv", c.name+".addresses"))
	if err != nil {
		t.Fatal(err)
	}
	addrs := strings.Split(strings.TrimRight(string(text), "\n"), "\n")
	var runs []bvRun
	for _, a := range addrs {
		runs = append(runs, bvRun{name: a, args: []string{a}})
	}
	for _, a := range addrs {
		runs = append(runs, bvRun{name: "v_" + a, args: []string{"-v", a}})
	}
	runs = append(runs, bvRun{name: "all", args: addrs})
	runs = append(runs, bvRun{name: "v_all", args: append([]string{"-v"}, addrs...)})
	return append(runs, c.extra...)
}

// bvSetup makes dir afresh with the case's files, @DIR@ replaced by dir,
// and an empty queue directory.
func bvSetup(t *testing.T, name, dir string) {
	t.Helper()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join("testdata", "bv", name)
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dir, rel)
		if d.IsDir() {
			if err := os.MkdirAll(to, 0o755); err != nil {
				return err
			}
			return os.Chmod(to, 0o755) // whatever the umask says
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		b = bytes.ReplaceAll(b, []byte("@DIR@"), []byte(dir))
		if err := os.WriteFile(to, b, 0o644); err != nil {
			return err
		}
		return os.Chmod(to, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	q := filepath.Join(dir, "queue")
	if err := os.Mkdir(q, 0o700); err != nil {
		t.Fatal(err)
	}
}

// bvBuild builds the maps of dir with makemap and the aliases with
// `sendmail -bi`; it returns what went wrong, or "".
func bvBuild(dir, makemap, sendmail string, onhost func(string, ...string) []string) string {
	cf := filepath.Join(dir, "x.cf")
	for _, m := range []string{"access", "virtusertable", "genericstable", "mailertable", "domaintable", "authinfo"} {
		p := filepath.Join(dir, m)
		text, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		out, err := bvExec(dir, string(text), makemap, "-C", cf, "hash", p)
		if err != nil || out.code != 0 || out.stdout+out.stderr != "" {
			return fmt.Sprintf("makemap -C x.cf hash %s: exit %d %v\n%s%s", m, out.code, err, out.stdout, out.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "aliases")); err == nil {
		argv := onhost(sendmail, "-bi", "-C", cf)
		out, err := bvExec(dir, "", argv[0], argv[1:]...)
		if err != nil || out.code != 0 || out.stderr != "" {
			return fmt.Sprintf("sendmail -bi -C x.cf: exit %d %v\n%s%s", out.code, err, out.stdout, out.stderr)
		}
	}
	return ""
}

// bvRunAll runs every invocation with sendmail in dir. Those that read no
// message run eight at a time; those that read one (-t) one after the
// other, after them.
func bvRunAll(t *testing.T, dir, sendmail string, onhost func(string, ...string) []string, runs []bvRun) []bvResult {
	t.Helper()
	cf := filepath.Join(dir, "x.cf")
	res := make([]bvResult, len(runs))
	run := func(i int) {
		r := runs[i]
		argv := onhost(sendmail, append([]string{"-bv", "-C", cf}, bvArgs(r.args, dir)...)...)
		out, err := bvExec(dir, r.stdin, argv[0], argv[1:]...)
		if err != nil {
			out.stderr += fmt.Sprintf("[could not run %s: %v]\n", sendmail, err)
			out.code = -1
		}
		res[i] = out
	}
	var wg sync.WaitGroup
	slots := make(chan struct{}, 8)
	for i, r := range runs {
		if r.stdin != "" {
			continue
		}
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			run(i)
		}()
	}
	wg.Wait()
	for i, r := range runs {
		if r.stdin != "" {
			run(i)
		}
	}
	return res
}

// bvDump writes every invocation and both answers to dir/NN.{ref,ours}
// (BV_DUMP=dir go test -run TestSendmailBv ./test), to read them whole.
func bvDump(t *testing.T, dir, casedir string, runs []bvRun, want, got []bvResult) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, r := range runs {
		cmd := "sendmail -bv -C x.cf" + bvShell(bvArgs(r.args, casedir)) + "\n"
		if r.stdin != "" {
			cmd += "<<EOF\n" + r.stdin + "EOF\n"
		}
		for side, res := range map[string]bvResult{"ref": want[i], "ours": got[i]} {
			text := fmt.Sprintf("%s--- stdout\n%s--- stderr\n%s--- exit %d\n", cmd, res.stdout, res.stderr, res.code)
			bvWrite(t, filepath.Join(dir, fmt.Sprintf("%02d.%s", i, side)), text)
		}
	}
}

// bvShell writes args as a shell would read them, each after a space.
func bvShell(args []string) string {
	var b strings.Builder
	for _, a := range args {
		b.WriteByte(' ')
		if a != "" && strings.Trim(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@.,:/_+=-") == "" {
			b.WriteString(a)
		} else {
			b.WriteString("'" + strings.ReplaceAll(a, "'", `'\''`) + "'")
		}
	}
	return b.String()
}

func bvArgs(args []string, dir string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = strings.ReplaceAll(a, "@DIR@", dir)
	}
	return out
}

// bvExec runs name in dir with stdin; err is set only when it could not
// run (or ran more than a minute).
func bvExec(dir, stdin, name string, args ...string) (bvResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := bvResult{stdout: out.String(), stderr: errb.String()}
	if ee, ok := err.(*exec.ExitError); ok && ctx.Err() == nil {
		r.code = ee.ExitCode()
		err = nil
	} else if ctx.Err() != nil {
		err = fmt.Errorf("timed out")
	}
	return r, err
}

func bvWrite(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// bvOnHost returns how to run a command with the fully qualified host name
// mx.example.com, in a UTS namespace of its own (as the conformance suite
// does): sendmail sleeps at start-up on a host whose name has no domain,
// and answers must not depend on the machine's name. Where it may, the
// command also gets a mount namespace whose /etc/nsswitch.conf resolves
// host names from files only: the reference looks its own name and
// addresses up at start-up, and a DNS query that goes unanswered costs it
// five seconds (the answers are those of a DNS that knows none of the
// names).
func bvOnHost(t *testing.T, dir string) func(string, ...string) []string {
	nss := filepath.Join(dir, "nsswitch.conf")
	if text, err := os.ReadFile("/etc/nsswitch.conf"); err == nil {
		lines := strings.Split(string(text), "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, "hosts:") {
				lines[i] = "hosts: files"
			}
		}
		bvWrite(t, nss, strings.Join(lines, "\n"))
		if exec.Command("unshare", "-u", "-m", "sh", "-c", `mount --bind "$0" /etc/nsswitch.conf`, nss).Run() == nil {
			return func(name string, args ...string) []string {
				return append([]string{"unshare", "-u", "-m", "sh", "-c",
					`mount --bind "$0" /etc/nsswitch.conf && hostname mx.example.com && exec "$@"`, nss, name}, args...)
			}
		}
	}
	if exec.Command("unshare", "-u", "true").Run() == nil {
		t.Log("unshare -m is not permitted here: host names are looked up as this host does")
		return func(name string, args ...string) []string {
			return append([]string{"unshare", "-u", "sh", "-c", `hostname mx.example.com && exec "$@"`, "sh", name}, args...)
		}
	}
	t.Log("unshare -u is not permitted here; both sides run with this host's name")
	return func(name string, args ...string) []string { return append([]string{name}, args...) }
}

// bvSafeDir returns an empty directory that sendmail accepts for maps,
// aliases, .forward and :include: files: neither it nor any directory
// above it may be group or world writable, which rules out anything under
// /tmp. It is t.TempDir() when that qualifies, else a directory under the
// user's cache directory, removed at the end of the test.
func bvSafeDir(t *testing.T) string { return safeDir(t, "bv") }

// safeDir is bvSafeDir with its fallback directory's name starting with
// prefix; the SMTP dialogues use it too.
func safeDir(t *testing.T, prefix string) string {
	d := t.TempDir()
	os.Chmod(d, 0o755)
	os.Chmod(filepath.Dir(d), 0o755)
	if bvPathSafe(d) {
		return d
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Skipf("%s is below a group- or world-writable directory, which sendmail refuses, and there is no cache directory to use instead: %v", d, err)
	}
	base := filepath.Join(cache, "gosendmail-test")
	if err := os.MkdirAll(base, 0o755); err != nil {
		t.Skipf("%s is below a group- or world-writable directory, which sendmail refuses, and %s cannot be made: %v", d, base, err)
	}
	os.Chmod(base, 0o755)
	if !bvPathSafe(base) {
		t.Skipf("both %s and %s are below a group- or world-writable directory, which sendmail refuses", d, base)
	}
	d, err = os.MkdirTemp(base, prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	os.Chmod(d, 0o755)
	return d
}

func bvPathSafe(p string) bool {
	p, err := filepath.EvalSymlinks(p)
	if err != nil {
		return false
	}
	for {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm()&0o022 != 0 {
			return false
		}
		up := filepath.Dir(p)
		if up == p {
			return true
		}
		p = up
	}
}

// lineDiff walks a longest common subsequence of a and b, calling emit
// with "  " for a line in both, "- " for one only in a, "+ " for one only
// in b.
func lineDiff(a, b []string, emit func(prefix, line string)) {
	// lcs[i][j]: length of the longest common subsequence of a[i:] and b[j:]
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			emit("  ", a[i])
			i++
			j++
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			emit("- ", a[i])
			i++
		default:
			emit("+ ", b[j])
			j++
		}
	}
}

// bvDiff shows how two texts differ, line by line: "-" lines only in a,
// "+" lines only in b, " " lines in both.
func bvDiff(a, b string) string {
	x := strings.SplitAfter(a, "\n")
	y := strings.SplitAfter(b, "\n")
	if x[len(x)-1] == "" {
		x = x[:len(x)-1]
	}
	if y[len(y)-1] == "" {
		y = y[:len(y)-1]
	}
	var out strings.Builder
	lineDiff(x, y, func(prefix, s string) {
		out.WriteString(prefix)
		out.WriteString(s)
		if !strings.HasSuffix(s, "\n") {
			out.WriteString("\n\\ no newline at end\n")
		}
	})
	return out.String()
}
