package mlog

import (
	"errors"
	"strconv"
	"strings"
)

// Parse reads one message as sendmail logs it (the text after
// "sendmail[pid]: ", pieces of a split message put together by Join)
// back into a record: an *Acceptance, *Attempt, *Notice, *Done, or a
// *Note for any other line. Values come back as they were logged:
// shortened, cut, unescaped. A to= line ending in ", [more]" gives the
// recipients of its own chunk.
func Parse(msg string) (Record, error) {
	id, text, ok := strings.Cut(msg, ": ")
	if !ok || !isID(id) {
		id, text = "", msg
	}
	if strings.HasPrefix(text, "STARTTLS=") {
		if x, err := parseTLS(id, unescape(text)); err == nil {
			return x, nil
		}
	}
	if id == "" {
		return &Note{Text: unescape(msg)}, nil
	}
	text = unescape(text)
	switch {
	case strings.HasPrefix(text, "from="):
		return parseFrom(id, text)
	case strings.HasPrefix(text, "to="):
		return parseTo(id, text)
	case strings.HasPrefix(text, "done; delay="):
		d, n, ok := strings.Cut(strings.TrimPrefix(text, "done; delay="), ", ntries=")
		if !ok {
			break
		}
		delay, err := parseInterval(d)
		if err != nil {
			return nil, err
		}
		tries, err := strconv.Atoi(n)
		if err != nil {
			return nil, err
		}
		return &Done{ID: id, Delay: delay, NTries: tries}, nil
	}
	if nid, rest, ok := strings.Cut(text, ": "); ok && nid != "" && !strings.ContainsAny(nid, " ,") {
		for _, k := range []string{KindDSN, KindSender, KindPostmaster} {
			if t, ok := strings.CutPrefix(rest, k+": "); ok {
				return &Notice{ID: id, NotifyID: nid, Kind: k, Text: t}, nil
			}
		}
	}
	return &Note{ID: id, Text: text}, nil
}

// isID tells whether s can be a queue ID (or NOQUEUE) at the head of
// a message.
func isID(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// fields splits "k1=v1, k2=v2..." whose keys come in the order given,
// each optional: a value runs to the first ", k=" of a key after its
// own, the last one to the end.
func fields(s string, keys []string) (map[string]string, error) {
	out := map[string]string{}
	for i, k := range keys {
		p := ", " + k + "="
		if !strings.HasPrefix(s, p) {
			continue
		}
		s = s[len(p):]
		end := len(s)
		for _, k2 := range keys[i+1:] {
			if j := strings.Index(s, ", "+k2+"="); j >= 0 && j < end {
				end = j
			}
		}
		out[k], s = s[:end], s[end:]
	}
	if s != "" {
		return out, errors.New("mlog: unexpected text: " + cut(s, 40))
	}
	return out, nil
}

func atoi64(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) }

func parseFrom(id, text string) (Record, error) {
	from, rest, ok := strings.Cut(strings.TrimPrefix(text, "from="), ", size=")
	if !ok {
		return nil, errors.New("mlog: from= without size=")
	}
	f, err := fields(", size="+rest, []string{"size", "class", "nrcpts", "msgid", "bodytype", "proto", "daemon", "relay"})
	if err != nil {
		return nil, err
	}
	a := &Acceptance{ID: id, From: from, MsgID: f["msgid"], BodyType: f["bodytype"], Proto: f["proto"],
		Daemon: f["daemon"], Relay: f["relay"]}
	if a.Size, err = atoi64(f["size"]); err != nil {
		return nil, err
	}
	if a.Class, err = strconv.Atoi(f["class"]); err != nil {
		return nil, err
	}
	if a.NRcpts, err = strconv.Atoi(f["nrcpts"]); err != nil {
		return nil, err
	}
	return a, nil
}

var toKeys = []string{"ctladdr", "delay", "xdelay", "mailer", "pri", "relay", "dsn", "reply", "stat"}

func parseTo(id, text string) (Record, error) {
	text = strings.TrimPrefix(text, "to=")
	end := -1
	for _, k := range []string{", ctladdr=", ", delay="} {
		if j := strings.Index(text, k); j >= 0 && (end < 0 || j < end) {
			end = j
		}
	}
	if end < 0 {
		return nil, errors.New("mlog: to= without delay=")
	}
	list, rest := text[:end], text[end:]
	if l, more := strings.CutSuffix(list, " [more]"); more {
		list = strings.TrimSuffix(l, ",")
	}
	f, err := fields(rest, toKeys)
	if err != nil {
		return nil, err
	}
	a := &Attempt{ID: id, Mailer: f["mailer"], DSN: f["dsn"], Reply: f["reply"], Stat: f["stat"]}
	if list != "" {
		a.To = strings.Split(list, ",")
	}
	if c, ok := f["ctladdr"]; ok {
		a.Ctladdr = parseCtl(c)
	}
	if a.Delay, err = parseInterval(f["delay"]); err != nil {
		return nil, err
	}
	if x, ok := f["xdelay"]; ok {
		v, err := parseInterval(x)
		if err != nil {
			return nil, err
		}
		a.XDelay = &v
	}
	if p, ok := f["pri"]; ok {
		if a.Pri, err = atoi64(p); err != nil {
			return nil, err
		}
	}
	if r, ok := f["relay"]; ok {
		a.Relay = r
		if i := strings.LastIndex(r, " ["); i > 0 && strings.HasSuffix(r, "]") {
			a.Relay, a.RelayAddr = r[:i], r[i+2:len(r)-1]
		}
	}
	return a, nil
}

func parseTLS(id, text string) (*TLS, error) {
	role, rest, _ := strings.Cut(strings.TrimPrefix(text, "STARTTLS="), ",")
	f, err := fields(","+rest, []string{"relay", "version", "verify", "cipher", "bits"})
	if err != nil {
		return nil, err
	}
	x := &TLS{ID: id, Role: role, Relay: f["relay"], Version: f["version"], Verify: f["verify"], Cipher: f["cipher"]}
	b, a, ok := strings.Cut(f["bits"], "/")
	if x.Bits, err = strconv.Atoi(b); err != nil || !ok {
		return nil, errors.New("mlog: bad bits=")
	}
	if x.AlgBits, err = strconv.Atoi(a); err != nil {
		return nil, err
	}
	return x, nil
}

// parseCtl reads "addr (uid/gid)" or "addr".
func parseCtl(s string) *Ctladdr {
	c := &Ctladdr{Addr: s, NoIDs: true}
	i := strings.LastIndex(s, " (")
	if i < 0 || !strings.HasSuffix(s, ")") {
		return c
	}
	u, g, ok := strings.Cut(s[i+2:len(s)-1], "/")
	uid, err1 := strconv.Atoi(u)
	gid, err2 := strconv.Atoi(g)
	if !ok || err1 != nil || err2 != nil {
		return c
	}
	return &Ctladdr{Addr: s[:i], UID: uid, GID: gid}
}

// parseInterval reads what Interval writes.
func parseInterval(s string) (int64, error) {
	var days int64
	if d, rest, ok := strings.Cut(s, "+"); ok {
		n, err := atoi64(d)
		if err != nil {
			return 0, err
		}
		days, s = n, rest
	}
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return 0, errors.New("mlog: bad interval " + strconv.Quote(s))
	}
	var v [3]int64
	for i, p := range parts {
		n, err := atoi64(p)
		if err != nil {
			return 0, err
		}
		v[i] = n
	}
	return days*86400 + v[0]*3600 + v[1]*60 + v[2], nil
}

// Join puts the numbered pieces of split messages ("ID[1]: ... ...",
// "ID[2]: ...") back together; other messages pass unchanged.
func Join(msgs []string) []string {
	var out []string
	cur, curID := "", ""
	for _, m := range msgs {
		head, text, ok := strings.Cut(m, ": ")
		id, seq, isPiece := pieceOf(head)
		if !ok || !isPiece {
			if curID != "" {
				out = append(out, curID+": "+cur)
				curID = ""
			}
			out = append(out, m)
			continue
		}
		if seq == 1 || id != curID {
			if curID != "" {
				out = append(out, curID+": "+cur)
			}
			cur, curID = "", id
		}
		if t, more := strings.CutSuffix(text, " ..."); more {
			cur += t
			continue
		}
		out = append(out, id+": "+cur+text)
		curID = ""
	}
	if curID != "" {
		out = append(out, curID+": "+cur)
	}
	return out
}

// pieceOf reads "ID[n]".
func pieceOf(head string) (string, int, bool) {
	i := strings.IndexByte(head, '[')
	if i <= 0 || !strings.HasSuffix(head, "]") {
		return "", 0, false
	}
	n, err := strconv.Atoi(head[i+1 : len(head)-1])
	if err != nil || n < 1 {
		return "", 0, false
	}
	return head[:i], n, true
}
