package smtpd

import (
	"bufio"
	"bytes"
	"errors"
	"net"
	"strconv"
)

// dataError is why a message could not be read.
type dataError int

const (
	dataOK dataError = iota
	dataBareLF
	dataBareCR
	dataTooBig     // MaxMessageSize: read to the end, then refused
	dataHeaderSize // MaxHeadersLength
	dataNUL        // RejectNUL
)

func (s *session) cmdData(string) error {
	if !s.mailDone {
		return s.reply(503, "5.0.0", "Need MAIL command")
	}
	if s.nrcpts == 0 {
		return s.reply(503, "5.0.0", "Need RCPT (recipient)")
	}
	if s.r.Buffered() > 0 {
		// the message came before the 354 (RFC 2920)
		s.reply(554, "5.5.0", "SMTP protocol error")
		return errClose
	}
	s.setMacro("nrcpts", strconv.Itoa(s.nrcpts))
	var v verdict
	if s.hasCheck("check_data") {
		s.lock()
		v = s.check("check_data", strconv.Itoa(s.nrcpts), "", false)
		s.unlock()
	}
	switch v.kind {
	case vError:
		// the transaction goes on (more RCPTs, DATA again), as in
		// sendmail
		return s.reply(v.code, v.enh, v.text)
	case vDiscard:
		s.discard = true
	}
	if err := s.reply(354, "", "End data with <CR><LF>.<CR><LF>"); err != nil {
		return err
	}
	msg, hdrLen, nhdrs, derr, err := s.readData()
	if err != nil {
		info := "unexpected close"
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			info = "read timeout" // Timeout.datablock
		}
		relay := s.macros["client_name"]
		if relay == "" {
			relay = s.peer
		}
		s.reply(421, "4.4.1", "collect: relay="+relay+", from=<"+bareAddr(s.sender)+">, info="+info)
		return errClose
	}
	switch derr {
	case dataBareLF:
		s.reply(421, "4.5.0", "Bare linefeed (LF) not allowed")
		return errClose
	case dataBareCR:
		s.reply(421, "4.5.0", "Bare carriage return (CR) not allowed")
		return errClose
	case dataTooBig:
		s.reset()
		return s.reply(552, "5.2.3", "Message exceeds maximum fixed size ("+strconv.FormatInt(s.maxSize(), 10)+")")
	case dataHeaderSize:
		s.reset()
		return s.reply(552, "5.6.0", "Headers too large ("+strconv.Itoa(s.o.maxHeaders)+" max)")
	case dataNUL:
		s.reset()
		return s.reply(554, "5.6.1", "NUL byte not allowed")
	}
	defer s.reset()
	s.lock()
	defer func() {
		if s.locked {
			s.unlock()
		}
	}()
	s.m.Cf.SetMacro("msg_size", strconv.Itoa(len(msg)))
	s.macros["msg_size"] = strconv.Itoa(len(msg))
	if v := s.headerChecks(msg); v.kind == vError {
		return s.reply(v.code, v.enh, v.text)
	} else if v.kind == vDiscard {
		s.discard = true
	}
	if v := s.check("check_eoh", strconv.Itoa(nhdrs), strconv.Itoa(hdrLen), true); v.kind == vError {
		return s.reply(v.code, v.enh, v.text)
	} else if v.kind == vDiscard {
		s.discard = true
	}
	if v := s.check("check_eom", strconv.Itoa(len(msg)), "", false); v.kind == vError {
		return s.reply(v.code, v.enh, v.text)
	} else if v.kind == vDiscard {
		s.discard = true
	}
	if s.discard || s.discardAll {
		id := s.m.Queue.IDs.Next()
		return s.reply(250, "2.0.0", id+" Message accepted for delivery")
	}
	s.tx.Macros = s.queueMacros()
	id, err := s.tx.Accept(msg)
	s.released() // Accept let the lock go
	if err != nil {
		s.srv.logf("%s: %v", s.peer, err)
		return s.reply(451, "4.3.0", "Temporary system failure. Please try again later.")
	}
	return s.reply(250, "2.0.0", id+" Message accepted for delivery")
}

// lineBuffered tells whether a whole line waits in the read buffer (so
// that reading it waits for nothing).
func (s *session) lineBuffered() bool {
	n := s.r.Buffered()
	if n == 0 {
		return false
	}
	p, _ := s.r.Peek(n)
	return bytes.IndexByte(p, '\n') >= 0
}

func (s *session) maxSize() int64 {
	if s.o.maxMsgSize > 0 {
		return s.o.maxMsgSize
	}
	return hardMaxMessage
}

// readData reads the message up to CR LF . CR LF, undoing the dot
// stuffing, with "\n" line ends. Only CR LF ends a line: a bare LF or
// CR stops the reading at once (the session then ends), so that no
// other sequence can end the message. A message over the size limit is
// read to its end and dropped. err is an I/O error.
func (s *session) readData() (msg []byte, hdrLen, nhdrs int, derr dataError, err error) {
	var buf bytes.Buffer
	max := s.maxSize()
	var size int64
	inHeader, tooBig, headersTooBig, nul := true, false, false, false
	for {
		// Timeout.datablock bounds each wait for more of the message:
		// a line already read in needs no look at the clock
		if !s.lineBuffered() {
			s.readDeadline(s.o.tData)
		}
		line, n, derr, err := s.readDataLine(int(min(max, 1<<30)) + 3)
		if err != nil || derr != dataOK {
			return nil, 0, 0, derr, err
		}
		body := line
		if n == len(line) {
			body = line[:len(line)-2]
			if len(body) == 1 && body[0] == '.' {
				break
			}
		}
		if len(body) > 0 && body[0] == '.' {
			body = body[1:]
			n--
		}
		size += int64(n) - 1 // CR LF counts as one
		if s.o.rejectNUL && bytes.IndexByte(line, 0) >= 0 {
			nul = true
		}
		if size > max {
			tooBig = true
		}
		if tooBig {
			continue
		}
		buf.Write(body)
		buf.WriteByte('\n')
		if !inHeader {
			continue
		}
		if len(body) == 0 {
			inHeader = false
			continue
		}
		hdrLen += len(body)
		if body[0] != ' ' && body[0] != '\t' {
			nhdrs++
		}
		if s.o.maxHeaders > 0 && hdrLen > s.o.maxHeaders {
			headersTooBig = true
		}
	}
	switch {
	case tooBig:
		return nil, 0, 0, dataTooBig, nil
	case headersTooBig:
		return nil, 0, 0, dataHeaderSize, nil
	case nul:
		return nil, 0, 0, dataNUL, nil
	}
	return buf.Bytes(), hdrLen, nhdrs, dataOK, nil
}

// readDataLine reads one line of the message, CR LF included, keeping
// at most limit bytes of it; n is its whole length. A LF not after a
// CR, or a CR not before a LF, is refused as soon as it is seen.
func (s *session) readDataLine(limit int) (line []byte, n int, derr dataError, err error) {
	s.flushPending()
	s.lineBuf = s.lineBuf[:0]
	prevCR := false
	for {
		frag, e := s.r.ReadSlice('\n')
		for _, c := range frag {
			if prevCR && c != '\n' {
				return nil, 0, dataBareCR, nil
			}
			if c == '\n' && !prevCR {
				return nil, 0, dataBareLF, nil
			}
			prevCR = c == '\r'
		}
		n += len(frag)
		if len(s.lineBuf)+len(frag) <= limit {
			s.lineBuf = append(s.lineBuf, frag...)
		}
		if e == bufio.ErrBufferFull {
			continue
		}
		if e != nil {
			return nil, 0, dataOK, e
		}
		return s.lineBuf, n, dataOK, nil
	}
}
