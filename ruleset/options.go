package ruleset

import (
	"fmt"
	"strings"
)

// optionNames lists the options sendmail 8.17 (as Debian builds it)
// knows, with their one-letter names where they have one.
var optionNames = []struct {
	name  string
	short byte
}{
	{"RemoteMode", '>'}, {"SevenBitInput", '7'}, {"EightBitMode", '8'}, {"AliasFile", 'A'},
	{"AliasWait", 'a'}, {"BlankSub", 'B'}, {"MinFreeBlocks", 'b'}, {"CheckpointInterval", 'C'},
	{"HoldExpensive", 'c'}, {"DeliveryMode", 'd'}, {"ErrorHeader", 'E'}, {"ErrorMode", 'e'},
	{"TempFileMode", 'F'}, {"SaveFromLine", 'f'}, {"MatchGECOS", 'G'}, {"", 'g'},
	{"HelpFile", 'H'}, {"MaxHopCount", 'h'}, {"ResolverOptions", 'I'}, {"IgnoreDots", 'i'},
	{"ForwardPath", 'J'}, {"SendMimeErrors", 'j'}, {"ConnectionCacheSize", 'k'},
	{"ConnectionCacheTimeout", 'K'}, {"UseErrorsTo", 'l'}, {"LogLevel", 'L'}, {"MeToo", 'm'},
	{"", 'M'}, {"CheckAliases", 'n'}, {"OldStyleHeaders", 'o'}, {"DaemonPortOptions", 'O'},
	{"PrivacyOptions", 'p'}, {"PostmasterCopy", 'P'}, {"QueueFactor", 'q'}, {"QueueDirectory", 'Q'},
	{"DontPruneRoutes", 'R'}, {"Timeout", 'r'}, {"StatusFile", 'S'}, {"SuperSafe", 's'},
	{"QueueTimeout", 'T'}, {"TimeZoneSpec", 't'}, {"UserDatabaseSpec", 'U'}, {"DefaultUser", 'u'},
	{"FallbackMXhost", 'V'}, {"Verbose", 'v'}, {"TryNullMXList", 'w'}, {"QueueLA", 'x'},
	{"RefuseLA", 'X'}, {"RecipientFactor", 'y'}, {"ForkEachJob", 'Y'}, {"ClassFactor", 'z'},
	{"RetryFactor", 'Z'},
	{"QueueSortOrder", 0}, {"HostsFile", 0}, {"MinQueueAge", 0}, {"MaxQueueAge", 0},
	{"DefaultCharSet", 0}, {"ServiceSwitchFile", 0}, {"DialDelay", 0}, {"NoRecipientAction", 0},
	{"SafeFileEnvironment", 0}, {"MaxMessageSize", 0}, {"ColonOkInAddr", 0}, {"MaxQueueRunSize", 0},
	{"MaxDaemonChildren", 0}, {"DontExpandCnames", 0}, {"MustQuoteChars", 0},
	{"SmtpGreetingMessage", 0}, {"UnixFromLine", 0}, {"OperatorChars", 0}, {"DontInitGroups", 0},
	{"SingleLineFromHeader", 0}, {"AllowBogusHELO", 0}, {"ConnectionRateThrottle", 0},
	{"UnsafeGroupWrites", 0}, {"DoubleBounceAddress", 0}, {"HostStatusDirectory", 0},
	{"SingleThreadDelivery", 0}, {"RunAsUser", 0}, {"RrtImpliesDsn", 0}, {"PidFile", 0},
	{"DontBlameSendmail", 0}, {"DontProbeInterfaces", 0}, {"MaxRecipientsPerMessage", 0},
	{"DeadLetterDrop", 0}, {"MaxAliasRecursion", 0}, {"ConnectOnlyTo", 0}, {"TrustedUser", 0},
	{"MaxMimeHeaderLength", 0}, {"ControlSocketName", 0}, {"MaxHeadersLength", 0},
	{"ProcessTitlePrefix", 0}, {"DefaultAuthInfo", 0}, {"AuthMechanisms", 0},
	{"ClientPortOptions", 0}, {"DataFileBufferSize", 0}, {"XscriptFileBufferSize", 0},
	{"LDAPDefaultSpec", 0}, {"ServerCertFile", 0}, {"ServerKeyFile", 0}, {"ClientCertFile", 0},
	{"ClientKeyFile", 0}, {"CACertFile", 0}, {"CACertPath", 0}, {"DHParameters", 0},
	{"InputMailFilters", 0}, {"Milter", 0}, {"AuthOptions", 0}, {"QueueFileMode", 0},
	{"TLSSrvOptions", 0}, {"RandFile", 0}, {"CipherList", 0}, {"CertFingerprintAlgorithm", 0},
	{"BadRcptThrottle", 0}, {"DeliverByMin", 0}, {"MaxQueueChildren", 0},
	{"MaxRunnersPerQueue", 0}, {"DirectSubmissionModifiers", 0}, {"NiceQueueRun", 0},
	{"SharedMemoryKey", 0}, {"SharedMemoryKeyFile", 0}, {"AuthMaxBits", 0}, {"MailboxDatabase", 0},
	{"UseMSP", 0}, {"DelayLA", 0}, {"FastSplit", 0}, {"SoftBounce", 0},
	{"RejectLogInterval", 0}, {"RequiresDirfsync", 0}, {"ConnectionRateWindowSize", 0},
	{"CRLFile", 0}, {"CRLPath", 0}, {"FallbackSmartHost", 0}, {"AuthRealm", 0}, {"HeloName", 0},
	{"MaxNOOPCommands", 0}, {"SSLEngine", 0}, {"SSLEnginePath", 0}, {"TLSFallbacktoClear", 0},
	{"ServerSSLOptions", 0}, {"ClientSSLOptions", 0}, {"UseCompressedIPv6Addresses", 0},
	{"SMTPUTF8", 0}, {"RejectNUL", 0}, {"CheckAliases", 0}, {"ProbeInterfaces", 1},
	// options of ours (see the mta package): where built-in local
	// delivery puts mailboxes, and the local mailbox size limit; the
	// SMTP server's AUTH PLAIN/LOGIN password file (see package smtpd)
	{"MailboxDirectory", 0}, {"LocalMailboxMaxSize", 0}, {"AuthPasswordFile", 0},
}

// setOption interprets an O line: opt is the character after 'O' (' '
// for long names), val the rest.
func (c *Config) setOption(opt byte, val string) {
	name := ""
	sub := ""
	if opt == ' ' {
		p := strings.IndexByte(val, '=')
		n := val
		v := ""
		if p >= 0 {
			n, v = val[:p], val[p+1:]
		}
		n = strings.TrimRight(n, " ")
		n = strings.TrimLeft(n, " ")
		v = strings.TrimLeft(v, " ")
		if n == "" {
			c.syserr("readcf: null option name")
			return
		}
		if i := strings.IndexByte(n, '.'); i >= 0 {
			n, sub = n[:i], n[i+1:]
		}
		var sel, exact string
		ambiguous := ""
		for _, o := range optionNames {
			if o.name == "" || o.short == 1 || len(o.name) < len(n) || !strings.EqualFold(o.name[:len(n)], n) {
				continue
			}
			if len(o.name) == len(n) {
				exact = o.name
				break
			}
			if sel != "" {
				ambiguous = o.name
				break
			}
			sel = o.name
		}
		switch {
		case exact != "":
			name = exact
		case ambiguous != "":
			c.syserr("readcf: ambiguous option name %s (matches %s and %s)", n, sel, ambiguous)
			return
		case sel != "":
			name = sel
			c.printf("Option %s used as abbreviation for %s\n", n, name)
		default:
			c.syserr("readcf: unknown option name %s", n)
			return
		}
		val = v
	} else {
		for _, o := range optionNames {
			if o.short == opt && opt > 1 {
				name = o.name
				break
			}
		}
		if name == "" {
			c.syserr("readcf: unknown option name 0x%x", opt)
			return
		}
	}
	c.Options[name] = val
	switch name {
	case "OperatorChars":
		c.setOperators(val)
	case "HostsFile":
		c.hostsFile = val
	case "ServiceSwitchFile":
		c.switchFile = val
	case "BlankSub":
		if val != "" {
			c.blankSub = val[0]
		}
	case "DeliveryMode":
		if val != "" && strings.IndexByte("ibqdi", val[0]) < 0 && val[0] != 'd' && val[0] != 'q' {
			c.syserr("Unknown delivery mode %c", val[0])
		}
	case "SMTPUTF8":
		if val == "" || strings.IndexByte("tTyY", val[0]) >= 0 {
			c.syserr("readcf: option: SmtpUTF8 set but no USE_EAI support")
		}
	case "DefaultUser", "RunAsUser":
		c.checkUser(opt, name, val)
	case "TrustedUser":
		if val != "" && (val[0] < '0' || val[0] > '9') {
			if _, _, ok := userLookup(val); !ok {
				c.syserr("readcf: option TrustedUser: unknown user %s", val)
			}
		}
	case "Timeout":
		c.timeoutOption(sub, val)
	case "ServerSSLOptions", "ClientSSLOptions":
		for _, w := range strings.FieldsFunc(val, func(r rune) bool { return r == ' ' || r == ',' }) {
			w = strings.TrimLeft(w, "+-")
			if w != "" && (w[0] < '0' || w[0] > '9') && !strings.HasPrefix(strings.ToUpper(w), "SSL_OP_") {
				c.syserr("readcf: %s option value %s unrecognized", name, w)
			}
		}
	case "Milter":
		switch strings.ToLower(sub) {
		case "", "logLevel", "loglevel", "macros.connect", "macros.helo", "macros.envfrom",
			"macros.envrcpt", "macros.data", "macros.eoh", "macros.eom":
		default:
			if !strings.HasPrefix(strings.ToLower(sub), "macros.") {
				c.syserr("milter_set_option: invalid Milter option %s", sub)
			}
		}
	}
}

func (c *Config) checkUser(opt byte, name, val string) {
	u := val
	if i := strings.IndexAny(u, ":."); i >= 0 {
		u = u[:i]
	}
	if u == "" || (u[0] >= '0' && u[0] <= '9') {
		return
	}
	if _, _, ok := userLookup(u); !ok {
		o := name
		if opt != ' ' && opt != 0 {
			o = string(opt)
		} else if name == "DefaultUser" {
			o = "u"
		}
		c.syserr("readcf: option %s: unknown user %s", o, u)
	}
}

var timeoutNames = []string{
	"initial", "helo", "mail", "rcpt", "datainit", "datablock", "datafinal", "command",
	"ident", "fileopen", "connect", "aconnect", "iconnect", "control", "lhlo", "auth",
	"starttls", "queuereturn", "queuereturn.normal", "queuereturn.urgent",
	"queuereturn.non-urgent", "queuereturn.dsn", "queuewarn", "queuewarn.normal",
	"queuewarn.urgent", "queuewarn.non-urgent", "queuewarn.dsn", "hoststatus",
	"resolver.retrans", "resolver.retrans.first", "resolver.retrans.normal",
	"resolver.retry", "resolver.retry.first", "resolver.retry.normal", "misc", "quit",
	"rset", "noop",
}

func (c *Config) timeoutOption(sub, val string) {
	check := func(n string) {
		for _, t := range timeoutNames {
			if strings.EqualFold(t, n) {
				return
			}
		}
		c.syserr("settimeout: invalid timeout %s", n)
	}
	if sub != "" {
		check(sub)
		c.Options["Timeout."+strings.ToLower(sub)] = val
		return
	}
	for _, part := range strings.Split(val, ",") {
		part = strings.TrimSpace(part)
		if i := strings.IndexByte(part, '='); i >= 0 {
			n := strings.TrimSpace(part[:i])
			check(n)
			c.Options["Timeout."+strings.ToLower(n)] = strings.TrimSpace(part[i+1:])
		}
	}
}

var _ = fmt.Sprintf
