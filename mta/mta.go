package mta

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gosendmail/gosendmail/deliver"
	"github.com/gosendmail/gosendmail/maps"
	"github.com/gosendmail/gosendmail/mlog"
	"github.com/gosendmail/gosendmail/queue"
	"github.com/gosendmail/gosendmail/ruleset"
	"github.com/gosendmail/gosendmail/smtpclient"
)

// MTA is one sendmail process's view of its configuration: the .cf, its
// queue, its alias databases and its delivery agents.
type MTA struct {
	Cf     *ruleset.Config
	CfPath string
	Queue  *queue.Queue

	// Out and Err are sendmail's standard output and error (the
	// verbose transcript and -oep errors go there).
	Out, Err io.Writer
	Now      func() time.Time

	Verbose bool
	NoAlias bool // -n
	// SevenBitInput (the option): a message that declares no body type
	// loses the eighth bit of every byte as it is collected
	SevenBitInput bool
	ErrorMode     byte // ErrorMode: p print, m mail, w write, e exit quietly, q quiet
	// DeliveryMode is i (interactive), b (background), q (queue only)
	// or d (deferred).
	DeliveryMode byte

	// Built-in delivery agents.
	Mailbox deliver.Mailbox
	File    deliver.File
	Prog    deliver.Program
	// Lookup finds local users (nil: the password file).
	Lookup func(name string) (*deliver.Account, error)

	// Remote delivers to a remote (IPC) mailer's host: one outcome per
	// recipient, in order. nil defers such recipients.
	Remote func(mr *ruleset.Mailer, host string, msg *RemoteMessage) []*deliver.Status

	// Log receives sendmail's log lines (nil: none); New makes it from
	// LogLevel, writing to syslog.
	Log *mlog.Logger

	smtp  *smtpclient.Client // see UseSMTP
	curID string             // the queue ID being delivered
	// resolved keeps the recipients resolved during a queue run, and
	// expanded what their expansion gave
	resolved map[string]target
	expanded map[string]expansion

	// Background starts delivery of a queued message in another process
	// (DeliveryMode b); nil delivers in this one.
	Background func(id string) error

	// MaxAliasRecursion bounds alias expansion (MaxAliasRecursion, 10).
	MaxAliasRecursion int
	// ForwardPath lists the .forward files tried ($z/.forward by default).
	ForwardPath []string
	// MaxMessageSize is the MaxMessageSize option (0: none).
	MaxMessageSize int64

	verify bool // -bv: report instead of deliver

	mu *bargeLock // see Lock

	timeMacros atomic.Pointer[timeMacros] // see setTimeMacros
	cfHdrsOnce sync.Once
	cfHdrs     []cfHeader // see cfHeaders

	accounts minuteCache[accountAnswer] // see lookupUser
	shells   minuteCache[bool]          // see shellOK

	// timeoutNote, when set, is the transcript line of a bounce made
	// because Timeout.queuereturn passed.
	timeoutNote string
	// notifying counts the notifications being made (a bounce of a
	// bounce), to stop there.
	notifying int
	// receiptMode: the notification is a return receipt
	receiptMode bool

	aliasMaps []maps.Map
	aliasErr  error
}

// New makes the MTA of configuration cf (read from cfPath).
func New(cf *ruleset.Config, cfPath string) (*MTA, error) {
	m := &MTA{Cf: cf, CfPath: cfPath, Out: os.Stdout, Err: os.Stderr, Now: time.Now,
		ErrorMode: 'p', DeliveryMode: 'b', MaxAliasRecursion: 10, mu: newBargeLock()}
	opt := func(n string) string { v, _ := cf.Option(n); return v }
	qd := opt("QueueDirectory")
	if qd == "" {
		qd = "/var/spool/mqueue"
	}
	q, err := queue.Open(qd)
	if err != nil {
		return nil, fmt.Errorf("cannot open queue directory %s: %w", qd, err)
	}
	m.Queue = q
	if v := opt("QueueFileMode"); v != "" {
		if n, err := strconv.ParseUint(v, 8, 32); err == nil {
			q.FileMode = os.FileMode(n)
		}
	}
	if v := opt("DeliveryMode"); v != "" {
		m.DeliveryMode = v[0]
	}
	if v := opt("ErrorMode"); v != "" {
		m.ErrorMode = v[0]
	}
	if v := opt("MaxAliasRecursion"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			m.MaxAliasRecursion = n
		}
	}
	fp := opt("ForwardPath")
	if fp == "" {
		fp = "$z/.forward"
	}
	m.ForwardPath = strings.Split(fp, ":")
	if v := opt("MaxMessageSize"); v != "" {
		m.MaxMessageSize, _ = strconv.ParseInt(v, 10, 64)
	}
	if v, ok := cf.Option("SevenBitInput"); ok && (v == "" || strings.ContainsAny(v[:1], "tTyY")) {
		m.SevenBitInput = true
	}
	m.Mailbox.Dir = opt("MailboxDirectory")
	if v := opt("LocalMailboxMaxSize"); v != "" {
		m.Mailbox.MaxSize, _ = strconv.ParseInt(v, 10, 64)
	}
	m.File.SafeFileEnvironment = opt("SafeFileEnvironment")
	if v := opt("Verbose"); v != "" && strings.ContainsAny(v[:1], "tTyY") {
		m.Verbose = true
	}
	m.openAliases(opt("AliasFile"))
	m.UseSMTP(smtpclient.FromConfig(cf))
	level := 9
	if v := opt("LogLevel"); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			level = n
		}
	}
	m.Log = mlog.New(level, "")
	return m, nil
}

func (m *MTA) now() time.Time {
	if m.Now == nil {
		return time.Now()
	}
	return m.Now()
}

func (m *MTA) lookupUser(name string) (*deliver.Account, error) {
	if m.Lookup != nil {
		return m.Lookup(name)
	}
	// the password file is asked once a minute per name at most: an SMTP
	// server asks for the same users message after message
	ans := m.accounts.get(name, func() accountAnswer {
		a, err := deliver.LookupAccount(name)
		return accountAnswer{a, err}
	})
	return ans.acct, ans.err
}

type accountAnswer struct {
	acct *deliver.Account
	err  error
}

// minuteCache keeps an answer of the system's user database per name
// for a minute.
type minuteCache[V any] struct {
	mu sync.Mutex
	m  map[string]minuteEntry[V]
}

type minuteEntry[V any] struct {
	v  V
	at time.Time
}

// get returns name's answer, from fill when there is none younger than
// a minute.
func (c *minuteCache[V]) get(name string, fill func() V) V {
	c.mu.Lock()
	e, ok := c.m[name]
	c.mu.Unlock()
	if ok && time.Since(e.at) < time.Minute {
		return e.v
	}
	v := fill()
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]minuteEntry[V]{}
	}
	c.m[name] = minuteEntry[V]{v, time.Now()}
	c.mu.Unlock()
	return v
}

// openAliases opens the databases the AliasFile option names.
func (m *MTA) openAliases(v string) {
	for _, e := range maps.SplitAliasFileOption(v) {
		class, spec := e[0], e[1]
		s, err := maps.ParseSpec("aliases", class, spec)
		if err != nil {
			m.aliasErr = err
			continue
		}
		s.KeepQuotes = true // an alias is looked up by the name as written: "quoted name"
		mp, err := maps.Open(s, nil)
		if err != nil {
			m.aliasErr = fmt.Errorf("cannot open alias database %s: %w", spec, err)
			continue
		}
		m.aliasMaps = append(m.aliasMaps, mp)
	}
}

// aliasLookup finds name in the alias databases; err is a temporary
// failure.
func (m *MTA) aliasLookup(name string) (string, bool, error) {
	key := strings.ToLower(name)
	for _, mp := range m.aliasMaps {
		v, ok, err := mp.Lookup(key, nil)
		if err != nil {
			return "", false, err
		}
		if ok {
			return v, true, nil
		}
	}
	return "", false, nil
}

// Close releases the alias databases and the SMTP connections kept.
func (m *MTA) Close() {
	if m.Log != nil {
		m.Log.Close()
	}
	if m.smtp != nil {
		m.smtp.Close()
	}
	for _, mp := range m.aliasMaps {
		mp.Close()
	}
}

// macro sets or (with "") keeps a macro for the rulesets and headers.
func (m *MTA) setMacro(name, v string) { m.Cf.SetMacro(name, v) }

func (m *MTA) hostName() string {
	v, _ := m.Cf.Macro("j")
	return m.Cf.Expand(v)
}

// isBuiltinLocal tells whether a mailer is delivered by our own mbox
// code: its P= is a mail.local, or "[LOCAL]".
func isBuiltinLocal(mr *ruleset.Mailer) bool {
	return mr.Path == "[LOCAL]" || filepath.Base(mr.Path) == "mail.local"
}

func isIPC(mr *ruleset.Mailer) bool { return mr.Path == "[IPC]" || mr.Path == "[TCP]" }
