// Package smtpd is sendmail's SMTP server: the daemon (sendmail -bd,
// -bD) and SMTP on standard input and output (sendmail -bs).
//
// Every reply is the one sendmail 8.17 gives on the same sendmail.cf:
// the greeting from SmtpGreetingMessage, the EHLO keywords its options
// allow, "250 2.1.0 <a@b>... Sender ok", the syntax errors of MAIL and
// RCPT and their ESMTP parameters, and the policy rulesets' verdicts
// (check_relay, check_mail, check_rcpt, check_data, header checks,
// check_eoh, check_eom, greet_pause) turned into replies as sendmail
// turns them. The texts were learnt by running the reference on the same
// .cf; the dialogues under testdata/dialogues hold its transcripts (`go
// test -run TestDialogues -reference` writes them again) and TestDialogues
// plays them against this package.
//
// The protocol layer is our own, a table of commands (commands.go) over
// a line reader that enforces sendmail's limits itself. We do not build
// on github.com/emersion/go-smtp's server: it writes its own reply texts
// and enhanced codes (its MAIL answers "250 2.0.0 Roger, accepting mail
// from <a@b>" where sendmail answers "250 2.1.0 <a@b>... Sender ok") and
// its own syntax-error replies, so it cannot answer as sendmail does.
//
// # The engine
//
// The .cf's rewriting engine (package ruleset) keeps its macros in one
// place and is not safe for concurrent use, so a session keeps its own
// macros ({client_addr}, $s, {mail_addr} ...), all empty at its start,
// and installs them each time it takes the MTA's lock (mta.MTA.Lock) to
// run a ruleset or a transaction step. The lock is let go while a
// session reads from its client or sleeps, and by Accept when it writes
// the queue files (for good); a reply written under the lock waits in
// the session's buffer and is sent once the lock is let go.
//
// So that sessions on different cores seldom wait for one lock, the
// daemon gives the server several copies of the MTA, made from the
// same .cf and sharing one queue (Server.SetMTAs; the sendmail command
// makes two a core, up to eight): a session is given one in turn when
// it starts and keeps it to its end. A policy ruleset the .cf does not
// have is not worth the lock (hasCheck).
//
// # Limits and pacing
//
// MaxMessageSize (SIZE= refused at MAIL, a longer message read to its
// end and refused), MaxRecipientsPerMessage, MaxHeadersLength,
// BadRcptThrottle, MaxDaemonChildren, ConnectionRateThrottle (later
// connections wait), Timeout.command (the session ends without a word)
// and Timeout.datablock, PrivacyOptions, DaemonPortOptions' modifiers
// (M=E no ETRN, M=a AUTH first, M=s TLS from the start). As in sendmail,
// NOOP and VERB past MaxNOOPCommands, HELO/EHLO past 3, VRFY/EXPN past 6
// and ETRN past 8 slow the session down (1, 2, 4 ... seconds each), and
// the 26th unknown or refused command closes it.
//
// # Safety
//
// Only CR LF . CR LF ends DATA. A bare LF or a bare CR in the message
// is answered "421 4.5.0 Bare linefeed (LF) not allowed" (or "Bare
// carriage return (CR) not allowed") and the connection is closed, as
// sendmail 8.17.1.9 does, so that no SMTP smuggling variant (\n.\n,
// \r.\r, \r\n.\n, \n.\r\n ...) can end one message and start another.
// A client that sends its next commands before the reply to EHLO, HELO
// or DATA gets "554 5.5.0 SMTP protocol error" (DATA's closes the
// connection). A command line longer than sendmail's (2046 characters;
// we keep its limit, not RFC 5321's 512, so that replies stay the same)
// closes the connection with "421 4.7.0 HOST Command too long, possible
// attack"; a NUL ends a command line as it ends sendmail's C strings, a
// CR inside one separates words. Text lines are not limited (sendmail
// does not limit them either), the message is: it is kept in memory
// while it is read, bounded by MaxMessageSize or, when that is not set,
// 64 MiB. Input buffered before STARTTLS is discarded.
//
// # AUTH and STARTTLS
//
// STARTTLS is offered when ServerCertFile and ServerKeyFile name a
// certificate (crypto/tls). AUTH PLAIN (github.com/emersion/go-sasl) and
// LOGIN check passwords against the file our option AuthPasswordFile
// names, one "user:password" line a user (sendmail asks Cyrus SASL,
// which we do not have); the mechanisms offered are those of
// AuthMechanisms among PLAIN and LOGIN, none without a password file,
// and with AuthOptions=p only under TLS.
package smtpd
