package smtpd

import (
	"strconv"
	"strings"
	"time"

	"github.com/gosendmail/gosendmail/ruleset"
)

// options are the .cf options the server reads, once per session.
type options struct {
	greeting        string // SmtpGreetingMessage, internal form
	maxMsgSize      int64  // MaxMessageSize (0: none)
	maxRcpts        int    // MaxRecipientsPerMessage (0: none)
	maxHeaders      int    // MaxHeadersLength
	badRcptThrottle int    // BadRcptThrottle
	maxNoop         int    // MaxNOOPCommands
	privacy         map[string]bool
	helpFile        string
	certFile        string // ServerCertFile
	keyFile         string // ServerKeyFile
	authMechs       []string
	authPasswd      string // AuthPasswordFile (ours): user:password lines
	authOptions     string // AuthOptions
	ignoreDots      bool
	rejectNUL       bool // RejectNUL

	tCommand, tData, tDataFinal, tMail, tRcpt, tQuit, tRset, tHelo, tMisc time.Duration
}

// hardMaxMessage bounds a message when MaxMessageSize is not set: the
// message is kept in memory while it is read.
const hardMaxMessage = 64 << 20

// privacyWords expands PrivacyOptions' compound words.
var privacyWords = map[string][]string{
	"goaway": {"needmailhelo", "needexpnhelo", "needvrfyhelo", "noexpn", "novrfy",
		"noverb", "authwarnings", "noreceipts", "nobodyreturn"},
	"public": nil,
}

func readOptions(c *ruleset.Config) *options {
	get := func(n string) string { v, _ := c.Option(n); return v }
	o := &options{privacy: map[string]bool{}}
	o.greeting, _ = c.Option("SmtpGreetingMessage")
	if o.greeting == "" {
		o.greeting = "$j Sendmail $v ready at $b"
	}
	o.greeting = ruleset.Unexpanded(o.greeting)
	o.maxMsgSize, _ = strconv.ParseInt(get("MaxMessageSize"), 10, 64)
	o.maxRcpts, _ = strconv.Atoi(get("MaxRecipientsPerMessage"))
	o.maxHeaders, _ = strconv.Atoi(get("MaxHeadersLength"))
	o.badRcptThrottle, _ = strconv.Atoi(get("BadRcptThrottle"))
	o.maxNoop, _ = strconv.Atoi(get("MaxNOOPCommands"))
	for _, w := range strings.FieldsFunc(get("PrivacyOptions"), func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		w = strings.ToLower(w)
		o.privacy[w] = true
		for _, x := range privacyWords[w] {
			o.privacy[x] = true
		}
	}
	o.helpFile = get("HelpFile")
	o.certFile = c.ExpandText(get("ServerCertFile"))
	o.keyFile = c.ExpandText(get("ServerKeyFile"))
	o.authPasswd = c.ExpandText(get("AuthPasswordFile"))
	o.authOptions = get("AuthOptions")
	mechs := get("AuthMechanisms")
	if mechs == "" {
		mechs = "PLAIN LOGIN"
	}
	for _, w := range strings.Fields(strings.ToUpper(mechs)) {
		if w == "PLAIN" || w == "LOGIN" {
			o.authMechs = append(o.authMechs, w)
		}
	}
	if v := get("IgnoreDots"); v != "" && strings.ContainsAny(v[:1], "tTyY") {
		o.ignoreDots = true
	}
	if v, ok := c.Option("RejectNUL"); ok && (v == "" || strings.ContainsAny(v[:1], "tTyY")) {
		o.rejectNUL = true
	}
	t := func(name string, def time.Duration) time.Duration {
		if v := get("Timeout." + name); v != "" {
			if d := ruleset.ConvTime(v, 'm'); d > 0 {
				return d
			}
		}
		return def
	}
	o.tCommand = t("command", time.Hour)
	o.tData = t("datablock", time.Hour)
	o.tDataFinal = t("datafinal", time.Hour)
	o.tMail = t("mail", 10*time.Minute)
	o.tRcpt = t("rcpt", time.Hour)
	o.tQuit = t("quit", 2*time.Minute)
	o.tRset = t("rset", 5*time.Minute)
	o.tHelo = t("helo", 5*time.Minute)
	o.tMisc = t("misc", 2*time.Minute)
	return o
}
