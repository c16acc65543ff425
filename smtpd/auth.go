package smtpd

func (s *session) authMechanisms() []string { return nil }

func (s *session) cmdAuth(arg string) error {
	return s.badCommand(503, "5.3.3", "AUTH not available")
}
