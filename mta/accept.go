package mta

import (
	"bytes"
	"fmt"
	"os/user"
	"sort"
	"strings"

	"github.com/gosendmail/gosendmail/deliver"
	"github.com/gosendmail/gosendmail/queue"
	"github.com/gosendmail/gosendmail/ruleset"
)

// A Transaction is one mail transaction received over SMTP (MAIL,
// RCPT..., DATA): recipients are resolved and verified as each RCPT
// arrives (see AddRcpt), so a local user that does not exist is refused
// there, and
// Accept queues the message durably before the server says 250.
//
// The .cf's engine keeps its macros in one place: the caller holds the
// MTA's lock (Lock, Unlock) around every method, and sets the session's
// macros ($s, $_, $r, ${client_addr} ...) under the same lock.
type Transaction struct {
	m        *MTA
	Sender   string        // MAIL FROM address, "" for <>
	Macros   []queue.Macro // kept in the queue file for the delivery
	BodyType string        // BODY=
	EnvID    string        // ENVID=
	Ret      string        // RET=FULL|HDRS
	Auth     string        // AUTH= (xtext)
	// DeliverBy is BY= (RFC 2852): the seconds, and the flag as the
	// reference writes it in the ! record, a byte: 1 for N, 2 for R,
	// plus 0x10 for T ("!\x12 3600" is BY=3600;RT). nil: none.
	DeliverBy *queue.DeliverBy
	// Message is the envelope's M record: sendmail keeps there the text
	// of the session's last error reply, without its codes ("<nouser>...
	// User unknown"), whatever the command (a refused MAIL or RCPT, an
	// unknown command), since the envelope was last cleared: by RSET, a
	// HELO or EHLO (but the session's first, unless a MAIL came before
	// it), the end of DATA. "": none.
	Message string
	// SenderAddr is the sender as the MAIL command parsed it (rulesets
	// 3 and 0, as a sender), which Accept uses as sendmail uses its
	// e_from; nil: Accept parses Sender itself.
	SenderAddr *ruleset.Address
	list       *rcptList
	primary    int
	named      int // RCPTs that named a recipient, accepted or not, duplicates included
}

// Lock and Unlock serialise the use of the configuration's engine.
func (m *MTA) Lock()   { m.mu.Lock() }
func (m *MTA) Unlock() { m.mu.Unlock() }

// NewTransaction starts a transaction for the envelope sender.
func (m *MTA) NewTransaction(sender string) *Transaction {
	return &Transaction{m: m, Sender: sender, list: &rcptList{m: m}}
}

// AddRcpt resolves and expands a recipient (RCPT TO). notify is the DSN
// NOTIFY= value ("" none), orcpt the ORCPT= value. It returns nil when
// the recipient is accepted, or the failure to answer with.
//
// Unless the message is to be delivered at once (DeliveryMode i, or
// Verbose: sendmail's VERB and -v deliver at once), the recipient is
// only verified, not expanded, as sendmail verifies an SMTP RCPT:
// aliases, .forward files and lists are expanded by the queue run, and
// the queue file keeps the addresses as the client gave them.
func (t *Transaction) AddRcpt(addr, notify, orcpt string) *deliver.Status {
	t.list.vrfyOnly = t.m.DeliveryMode != 'i' && !t.m.Verbose
	n, errs := len(t.list.all), t.list.errors
	quiet := t.m.verify
	t.m.verify = false
	save := t.m.ErrorMode
	t.m.ErrorMode = 'q'
	t.list.addList(addr, nil, 0)
	t.m.ErrorMode = save
	t.m.verify = quiet
	added := t.list.all[n:]
	if len(added) > 0 || t.list.errors == errs {
		t.named++
	}
	if len(added) == 0 {
		return nil // a duplicate of one already accepted
	}
	top := added[0]
	if top.state == sBad || top.state == sQueueUp {
		st := top.Status
		t.list.all = t.list.all[:n]
		if st.Kind == deliver.TempFail && t.m.DeliveryMode != 'i' {
			return st
		}
		return st
	}
	// an expansion may have failed for some of its members: those bounce
	// later; the recipient itself is accepted
	for _, r := range added {
		if notify != "" {
			r.Notify = notifyLetters(notify)
		}
		if r == top {
			r.ORcpt = orcpt
		}
	}
	t.primary++
	return nil
}

// AddRcptParsed is AddRcpt for an address the caller has already
// parsed (ParseAddress with no flags) as a, as sendmail parses a RCPT's
// address once: it is not parsed again.
func (t *Transaction) AddRcptParsed(addr string, a ruleset.Address, notify, orcpt string) *deliver.Status {
	t.list.pre = &preParsed{text: addr, a: a}
	defer func() { t.list.pre = nil }()
	return t.AddRcpt(addr, notify, orcpt)
}

// AddDuplicate counts a RCPT the server answered itself because it
// named a recipient already accepted: it named one all the same, so the
// Received: field gets no "for" (see Accept).
func (t *Transaction) AddDuplicate() { t.named++ }

// Recipients is the number of recipients accepted.
func (t *Transaction) Recipients() int { return t.primary }

// Accept queues the message (data: header, empty line, body, "\n" line
// ends) with the header fields the .cf adds, fsyncs it, and starts its
// delivery as DeliveryMode says. When Accept returns without error the
// message is safe: the server may answer 250. The caller holds the MTA's
// lock; Accept lets it go (for the queue files to be written and
// synced, and for good): it returns without the lock.
func (t *Transaction) Accept(data []byte) (string, error) {
	m := t.m
	now := m.now()
	data, bodyType, eight := bodyBits(data, t.BodyType, m.SevenBitInput)
	user, body := splitMessage(data)
	id := m.Queue.IDs.Next()
	m.setTimeMacros(now)
	m.setMacro("i", id)
	// the null sender is "" in $g and $f while the header is made, so
	// that the .cf's From: (H?F?From: $?x$x <$g>$|$g$.) comes out empty
	// and is left out, as the reference leaves it out
	m.setMacro("g", t.Sender)
	m.setMacro("f", t.Sender)
	// the sender resolved once for $x and the DSN address type, as
	// sendmail resolves it once at MAIL
	var sa ruleset.Address
	var saErr error
	if t.SenderAddr != nil {
		sa = *t.SenderAddr
	} else if t.Sender != "" {
		sa, _, saErr = m.Cf.Resolve(t.Sender, ruleset.AsSender)
	}
	m.setMacro("x", m.localFullNameOf(sa, saErr))
	// $u (the Received: field's "for") is set when the client named one
	// recipient: a RCPT refused for the address itself (User unknown)
	// or a duplicate counts as naming one
	if t.named == 1 && t.primary == 1 {
		for _, r := range t.list.all {
			if r.Primary {
				m.setMacro("u", r.Addr)
				break
			}
		}
	} else {
		m.setMacro("u", "")
	}
	hdrs := m.addDefaults(user)
	env := &queue.Envelope{
		Created:   now.Unix(),
		Sender:    "<" + t.Sender + ">", // as sendmail keeps an SMTP sender: S<a@b>, S<>
		EnvID:     t.EnvID,
		BodyType:  bodyType,
		Auth:      t.Auth,
		DeliverBy: t.DeliverBy,
		Message:   t.Message,
		Macros:    t.Macros,
		Headers:   hdrs,
		Priority:  int64(len(data)) + 30000*int64(t.primary),
	}
	env.Flags = envFlags(eight, hdrs, t.Ret) + "s" // s: sendmail has split the envelope by queue group
	dsnType := "rfc822"
	if t.Sender == "" {
		dsnType = m.senderAddrType("")
	} else if saErr == nil && sa.Mailer != nil && sa.Mailer.AddrType != "" {
		dsnType = sa.Mailer.AddrType
	}
	var failed, queued []*Rcpt
	for _, r := range byHost(t.list.all) {
		switch r.state {
		case sOK, sQueueUp:
			env.Recipients = append(env.Recipients, m.queueRcptFrom(r, dsnType))
			queued = append(queued, r)
		case sBad:
			failed = append(failed, r)
		}
	}
	mac := func(n string) string {
		for _, x := range t.Macros {
			if x.Name == n {
				return x.Value
			}
		}
		v, _ := m.Cf.Macro(n)
		return v
	}
	proto, daemon, relay := mac("r"), mac("daemon_name"), mac("_")
	// the durable write (fsyncs) and what follows need no engine: other
	// sessions go on meanwhile; it is taken again only for a bounce or
	// a delivery made now
	m.mu.Unlock()
	en, err := m.Queue.CreateID(m.Queue.Groups[0].Dirs[0], id, env, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("cannot queue: %w", err)
	}
	m.logAccepted(id, env, len(data), len(env.Recipients)+len(failed), proto, daemon, relay)
	if len(failed) > 0 || (len(env.Recipients) > 0 && m.DeliveryMode == 'i') {
		m.mu.Lock()
		defer m.mu.Unlock()
	}
	if len(failed) > 0 {
		m.bounce(env, en, failed, now)
	}
	if len(env.Recipients) == 0 {
		en.Remove()
		return id, nil
	}
	switch m.DeliveryMode {
	case 'q', 'd':
		m.logQueued(id, env, queued)
		en.Close()
	case 'i':
		m.runEntry(en)
	default:
		en.Close()
		if m.Background != nil {
			if err := m.Background(id); err != nil {
				fmt.Fprintf(m.Err, "%s: cannot start delivery: %v\n", id, err)
			}
		}
	}
	return id, nil
}

// byHost is the recipients in the order sendmail keeps them in its send
// queue when the message is queued before delivery: sorted by host,
// case-insensitively (local users, who have none, first), those of one
// host in the order they came.
func byHost(rs []*Rcpt) []*Rcpt {
	out := append([]*Rcpt(nil), rs...)
	sort.SliceStable(out, func(i, j int) bool { return lessFold(out[i].Host, out[j].Host) })
	return out
}

// lessFold compares as C's strcasecmp does: bytes, ASCII letters folded.
func lessFold(a, b string) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		x, y := lowerASCII(a[i]), lowerASCII(b[i])
		if x != y {
			return x < y
		}
	}
	return len(a) < len(b)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// localFullNameOf is the full name of a sender that is a local user (an
// address of the local mailer whose user has a password entry), as
// sendmail takes it for $x: the entry's GECOS field up to its first
// comma. "" for any other sender.
// a, err are the sender as Cf.Resolve resolved it.
func (m *MTA) localFullNameOf(a ruleset.Address, err error) string {
	if err != nil || a.Mailer == nil || a.Mailer.Name != "local" {
		return ""
	}
	u, err := user.Lookup(dequote(a.User))
	if err != nil {
		return ""
	}
	full, _, _ := strings.Cut(u.Name, ",")
	return full
}
