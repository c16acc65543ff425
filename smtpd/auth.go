package smtpd

import (
	"bufio"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"os"
	"strings"

	"github.com/emersion/go-sasl"
)

// AUTH PLAIN and LOGIN check passwords against the file our option
// AuthPasswordFile names (sendmail asks Cyrus SASL, which we do not
// have): one "user:password" line a user, '#' comments. The mechanisms
// offered are those of AuthMechanisms that we have (PLAIN, LOGIN), and
// none when there is no password file; with AuthOptions=p they are
// offered only after STARTTLS.

var errAuthFailed = errors.New("authentication failed")

// authMechanisms lists the mechanisms EHLO offers.
func (s *session) authMechanisms() []string {
	if s.o.authPasswd == "" || s.auth != "" {
		return nil
	}
	if strings.Contains(s.o.authOptions, "p") && !s.tls {
		return nil
	}
	return s.o.authMechs
}

// checkPassword looks the user up in the password file.
func (s *session) checkPassword(user, pass string) error {
	f, err := os.Open(s.o.authPasswd)
	if err != nil {
		s.srv.logf("AUTH: %v", err)
		return errAuthFailed
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "#") {
			continue
		}
		u, p, ok := strings.Cut(l, ":")
		if ok && u == user && subtle.ConstantTimeCompare([]byte(p), []byte(pass)) == 1 {
			return nil
		}
	}
	return errAuthFailed
}

// loginServer is the LOGIN mechanism: a user name, then a password,
// each asked for.
type loginServer struct {
	check      func(user, pass string) error
	user       string
	step       int
	authorized string
}

func (l *loginServer) Next(resp []byte) ([]byte, bool, error) {
	switch l.step {
	case 0:
		l.step++
		if resp == nil {
			return []byte("Username:"), false, nil
		}
		fallthrough
	case 1:
		l.user = string(resp)
		l.step = 2
		return []byte("Password:"), false, nil
	default:
		if err := l.check(l.user, string(resp)); err != nil {
			return nil, true, err
		}
		l.authorized = l.user
		return nil, true, nil
	}
}

func (s *session) cmdAuth(arg string) error {
	mech, initial, _ := strings.Cut(arg, " ")
	mechs := s.authMechanisms()
	if s.auth != "" {
		return s.reply(503, "5.5.0", "Already Authenticated")
	}
	if len(mechs) > 0 && s.mailDone {
		return s.reply(503, "5.5.0", "AUTH not permitted during a mail transaction")
	}
	if mech == "" {
		return s.reply(501, "5.5.2", "AUTH mechanism must be specified")
	}
	mech = strings.ToUpper(mech)
	offered := false
	for _, m := range mechs {
		offered = offered || m == mech
	}
	if !offered {
		return s.reply(504, "5.3.3", "AUTH mechanism "+mech+" not available")
	}
	var user, author string
	var srv sasl.Server
	switch mech {
	case "PLAIN":
		srv = sasl.NewPlainServer(func(identity, username, password string) error {
			if err := s.checkPassword(username, password); err != nil {
				return err
			}
			if identity != "" && identity != username {
				return errAuthFailed // no proxy authorization
			}
			user, author = username, username
			return nil
		})
	default:
		srv = &loginServer{check: s.checkPassword}
	}
	var resp []byte
	if initial != "" {
		var err error
		if resp, err = decodeAuth(initial); err != nil {
			return s.reply(501, "5.5.4", "cannot BASE64 decode '"+initial+"'")
		}
	}
	for {
		chal, done, err := srv.Next(resp)
		if err != nil {
			return s.reply(535, "5.7.0", "authentication failed")
		}
		if done {
			if ls, ok := srv.(*loginServer); ok {
				user, author = ls.authorized, ls.authorized
			}
			s.auth = user
			s.setMacro("auth_type", mech)
			s.setMacro("auth_authen", user)
			s.setMacro("auth_author", author)
			s.setMacro("auth_ssf", "0")
			if s.helo != "" {
				s.setProtocol()
			}
			return s.reply(235, "2.0.0", "OK Authenticated")
		}
		if err := s.rawReply("334 " + base64.StdEncoding.EncodeToString(chal)); err != nil {
			return err
		}
		line, err := s.readCommand(s.o.tMisc)
		if err != nil {
			return errClose
		}
		if line == "*" {
			return s.reply(501, "5.0.0", "AUTH aborted")
		}
		if resp, err = decodeAuth(line); err != nil {
			return s.reply(501, "5.5.4", "cannot BASE64 decode '"+line+"'")
		}
	}
}

// decodeAuth reads a base64 response ("=" is the empty one).
func decodeAuth(s string) ([]byte, error) {
	if s == "=" {
		return []byte{}, nil
	}
	return base64.StdEncoding.DecodeString(s)
}
