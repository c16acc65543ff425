// Package smtpclient is sendmail's SMTP delivery agent: what the MTA runs
// for an IPC mailer (P=[IPC], A=TCP $h [port]) to send a message to the
// recipients of one host.
//
// # Hosts
//
// $h is a colon-separated list of hosts tried in order. "[192.0.2.1]"
// and "[IPv6:2001:db8::1]" are addresses; "[relay.example.com]" is a
// name whose addresses are used without an MX lookup; any other name has
// its MX records used, best preference first, equal preferences in random
// order; when one of them is ours (Client.IsLocal, $=w) every MX no better
// than ours is dropped, and when ours is the best, delivery fails ("MX list
// for D points back to $j"). A domain without MX records is its own host.
// Client.FallbackMX (FallbackMXhost) is tried after all of them. Every
// address of a host (IPv4 first) is tried; a refused or timed-out
// connection, a greeting or EHLO/HELO refused, or a connection lost before
// MAIL was answered moves on to the next. A name that does not exist
// bounces (550 5.1.2 "Host unknown (Name server: D: host not found)");
// a name server failure defers.
//
// # Protocol
//
// After the greeting, EHLO when the mailer has F=a or the greeting says
// ESMTP, HELO when EHLO is refused; STARTTLS when the peer offers it and
// Client.TLS is set (after a failed handshake, a new connection in clear,
// or a deferral with TLSNoFallback); AUTH PLAIN or LOGIN when Client.Auth
// has credentials for the host (refused credentials: we go on without).
// MAIL, the RCPTs and DATA are sent in one write when the peer offers
// PIPELINING. Parameters: SIZE= (SIZE offered), BODY= (8BITMIME offered
// and the message came with a BODY), ENVID=, RET=, NOTIFY=, ORCPT= (DSN
// offered). A message larger than the peer's SIZE fails without MAIL
// being sent, as if the peer had refused MAIL with "552 5.3.4 Message
// size exceeds fixed maximum message size". Without F=m each recipient has
// its own transaction; r= (MaxRcpt) bounds the recipients of one. The
// data is sent with the mailer's E= line ends, leading dots doubled, lines
// over L= broken, F=7 clearing the eighth bit. An 8-bit message with a
// MIME-Version: header sent to a peer without 8BITMIME (and a mailer
// without F=8) is converted as sendmail's MIME8TO7 does (mime.go); an
// 8-bit message without MIME-Version: goes as it is (EightBitMode s
// refuses it instead).
//
// # Outcomes
//
// Deliver returns one *deliver.Status per recipient (status.go converts
// every reply and error, in one place). What sendmail 8.17 does was
// learnt by running the reference against a scripted peer:
//
//	peer's reply                       transcript line                         DSN Status
//	RCPT 4xx                           ADDR... Deferred: 451 4.2.1 text        the reply's
//	RCPT 550, 551, 553                 550 5.1.1 ADDR... User unknown          5.1.1, 5.1.6, 5.1.3
//	RCPT 500-504, 552, other 5xx       554 5.0.0 Service unavailable           5.5.2 5.5.4 5.5.1 5.5.1 5.5.4, 5.2.2, 5.0.0
//	MAIL 501, 553                      501 5.6.0 Data format error             5.5.2, 5.1.3
//	MAIL 552, other 5xx                554 5.0.0 Service unavailable           5.3.4, 5.0.0
//	DATA 500-504                       554 5.5.0 Remote protocol error         (501: 5.5.4)
//	DATA 550 551 552 553, other 5xx    554 5.0.0 Service unavailable           5.2.0 5.1.6 5.2.2 5.1.0, 5.0.0
//	after DATA 250                     ADDR... Sent (2.0.0 Ok: queued as X)    2.0.0
//	connection refused                 ADDR... Deferred: Connection refused by [127.0.0.1]   4.4.1
//
// A 5xx reply's DSN Status is the peer's enhanced status code when the
// peer offered ENHANCEDSTATUSCODES, else the table's, from the code and
// the command. The reply itself is kept in
// Status.Remote.Reply: it is the bounce's "(reason: ...)" and the
// "Diagnostic-Code: SMTP; ..." value; Status.Remote.MTA is the
// "Remote-MTA: DNS; ..." value (none for a MAIL failure). A 421 at any
// point defers every recipient not yet answered. Status.Output carries the
// session transcript for the bounce: "... while talking to HOST:", the
// last command sent (with pipelining that is DATA) as ">>> ", and the
// replies as "<<< " lines.
//
// # Host status and connection cache
//
// With Client.HostStatusDir every host tried gets a file (HostStatus has
// the format); a host whose connection failed less than HostStatusTimeout
// ago is not tried again, as sendmail does. With Client.ConnCacheSize
// connections stay open after a delivery and are reused (after RSET) for
// the next one to the same address and mailer; Close ends them.
//
// # Not done
//
// LMTP (F=z), A=FILE sockets, DANE and the tls_server/tls_rcpt rulesets,
// SASL mechanisms other than PLAIN and LOGIN, AUTH= on MAIL, the 8->7
// conversion of 8-bit header fields, EightBitMode m (MIME-labelling of
// unlabelled 8-bit mail), Deliver-By and SMTPUTF8.
package smtpclient
