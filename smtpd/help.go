package smtpd

import (
	"bufio"
	"os"
	"strings"

	"github.com/gosendmail/gosendmail/ruleset"
)

// cmdHelp answers HELP from the HelpFile: lines "topic<TAB>text", the
// text macro-expanded; HELP alone is the topic "smtp".
func (s *session) cmdHelp(arg string) error {
	topic := strings.ToLower(strings.TrimSpace(arg))
	if topic == "" {
		topic = "smtp"
	}
	if len(topic) > 10 {
		topic = topic[:10] // sendmail's buffer
	}
	f, err := os.Open(s.o.helpFile)
	if s.o.helpFile == "" || err != nil {
		return s.reply(502, "5.3.0", "Sendmail "+ruleset.Version+" -- HELP not implemented")
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "#") {
			continue
		}
		name, text, _ := strings.Cut(l, "\t")
		if !strings.EqualFold(name, topic) {
			continue
		}
		lines = append(lines, text)
	}
	if len(lines) == 0 {
		return s.reply(504, "5.3.0", "HELP topic \""+topic+"\" unknown")
	}
	s.lock()
	for i, l := range lines {
		lines[i] = s.m.Cf.ExpandText(l)
	}
	s.unlock()
	lines = append(lines, "End of HELP info")
	return s.replyLines(214, "2.0.0", lines)
}
