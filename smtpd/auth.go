package smtpd

import "strings"

func (s *session) authMechanisms() []string { return nil }

func (s *session) cmdAuth(arg string) error {
	mech, _, _ := strings.Cut(arg, " ")
	return s.reply(504, "5.3.3", "AUTH mechanism "+mech+" not available")
}
