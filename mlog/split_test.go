package mlog

import (
	"fmt"
	"strings"
	"testing"
)

// A queue ID of the length the reference's have here (pid < 100000).
const id14 = "6B1HsTfR030227"

// splitFrom is a from= line longer than syslog's buffer: 8-bit bytes
// (4 bytes each once escaped) in the sender, blanks every other byte at
// the end of the msgid, so where sm_syslog breaks it shows its limit to
// the byte (k moves the blanks by one).
func splitFrom(k int) (sender, msgid string) {
	return strings.Repeat("a", k) + strings.Repeat("\xe9", 190) + "@e.org",
		"<" + strings.Repeat("\xe9", 20) + strings.Repeat("x ", 60) + "x>"
}

func fromScenario(name, tag, sender, msgid string) scenario {
	in := "Subject: b\nMessage-ID: " + msgid + "\n\nhello\n"
	return scenario{
		name: name,
		tag:  tag,
		run:  sendmail(in, "-odi", "-oem", "-f", sender, "daemon"),
		want: func() []Record {
			return []Record{
				from("m", sender, int64(len(in)), 1, msgid, "root@localhost"),
				to("m", "daemon", ctlAs(sender, "root"), "local", "2.0.0", "Sent"),
			}
		},
	}
}

// wholeMsgID returns a msgid that makes the from= line of splitFrom(0)'s
// sender exactly n bytes long once escaped, or "".
func wholeMsgID(n int) (string, string) {
	sender := strings.Repeat("\xe9", 190) + "@e.org"
	for j := 0; j < 60; j++ {
		msgid := "<" + strings.Repeat("\xe9", 30) + strings.Repeat("m", j) + ">"
		in := "Subject: b\nMessage-ID: " + msgid + "\n\nhello\n"
		a := from(id14, sender, int64(len(in)), 1, msgid, "root@localhost")
		if len(escape(a.entries()[0].text)) == n {
			return sender, msgid
		}
	}
	return "", ""
}

// restList finds recipients whose to= line splits so that its last piece
// is longer than a piece but short enough to go whole, which shows the
// rule for what is left after a piece.
func restList() string {
	whole, piece := splitLimits(id14, "")
	for n := 2; n <= 12; n++ {
		for m := 10; m <= 60; m++ {
			for pad := 0; pad < 4; pad++ {
				list := seq(n, func(i int) string {
					p := ""
					if i == 1 {
						p = strings.Repeat("p", pad)
					}
					return fmt.Sprintf("r%s%02d%s@remote.example.net", p, i, strings.Repeat("\xe9", m))
				})
				a := to(id14, list, ctl("root"), "esmtp", "2.0.0", "Sent (2.0.0 Ok: queued as ABC123)").via("[127.0.0.1]", "127.0.0.1")
				a.Pri = int64(30000*n + 19)
				es := a.entries()
				if len(es) != 1 {
					continue
				}
				w := wire(id14, escape(es[0].text), "")
				last := w[len(w)-1]
				last = last[strings.Index(last, ": ")+2:]
				if len(w) >= 2 && len(last) > piece && len(last) <= whole-2 {
					return list
				}
			}
		}
	}
	return ""
}

func splitScenarios() []scenario {
	var out []scenario
	for _, tag := range []string{"", "s", "sm-with-a-much-longer-tag-name"} {
		for k := 0; k < 2; k++ {
			s, m := splitFrom(k)
			out = append(out, fromScenario(fmt.Sprintf("tag%d.%d", len(tag), k), tag, s, m))
		}
	}
	whole, _ := splitLimits(id14, "")
	for _, n := range []int{whole, whole + 1} {
		if s, m := wholeMsgID(n); s != "" {
			out = append(out, fromScenario(fmt.Sprintf("whole%d", n), "", s, m))
		}
	}
	if list := restList(); list != "" {
		out = append(out, scenario{
			name: "rest",
			run:  sendmail(body("r"), append([]string{"-odi", "-oem"}, reversed(list)...)...),
			want: func() []Record {
				return []Record{
					from("m", "root", 18, len(args(list)), "*", "root@localhost"),
					to("m", list, ctl("root"), "esmtp", "2.0.0", "Sent (2.0.0 Ok: queued as ABC123)").via("[127.0.0.1]", "127.0.0.1"),
				}
			},
		})
	}
	return out
}

func TestSplitCases(t *testing.T) {
	// the cases the reference tests rely on exist
	whole, _ := splitLimits(id14, "")
	for _, n := range []int{whole, whole + 1} {
		if s, _ := wholeMsgID(n); s == "" {
			t.Errorf("no msgid makes a from= line of %d bytes", n)
		}
	}
	if restList() == "" {
		t.Error("no recipient list leaves a last piece between the limits")
	}
}
