// Package smtpd is sendmail's SMTP server: the daemon (sendmail -bd,
// -bD) and SMTP on standard input and output (sendmail -bs).
//
// Every reply is the one sendmail 8.17 gives on the same sendmail.cf:
// the greeting from SmtpGreetingMessage, the EHLO keywords its options
// allow, "250 2.1.0 <a@b>... Sender ok", the syntax errors of MAIL and
// RCPT and their ESMTP parameters, and the policy rulesets' verdicts
// (check_relay, check_mail, check_rcpt, check_data, check_eoh,
// check_eom) turned into replies as sendmail turns them. The texts were
// learnt by running the reference on the same .cf; the dialogues under
// testdata/dialogues hold them.
//
// The protocol layer is our own, a table of commands (commands.go) over
// a line reader that enforces sendmail's limits itself. We do not build
// on github.com/emersion/go-smtp's server: it writes its own reply texts
// and enhanced codes (its MAIL answers "250 2.0.0 Roger, accepting mail
// from <a@b>" where sendmail answers "250 2.1.0 <a@b>... Sender ok") and
// its own syntax-error replies, so it cannot answer as sendmail does.
// AUTH PLAIN and LOGIN use github.com/emersion/go-sasl's server
// mechanisms.
//
// # The engine
//
// The .cf's rewriting engine (package ruleset) keeps its macros in one
// place and is not safe for concurrent use, so a session keeps its own
// macros ({client_addr}, $s, {mail_addr} ...) and installs them each
// time it takes the MTA's lock (mta.MTA.Lock) to run a ruleset or a
// transaction step.
//
// # Safety
//
// Only CR LF . CR LF ends DATA. A bare LF or a bare CR in the message
// is answered "421 4.5.0 Bare linefeed (LF) not allowed" (or "Bare
// carriage return (CR) not allowed") and the connection is closed, as
// sendmail 8.17.1.9 does, so that no SMTP smuggling variant (\n.\n,
// \r.\r, \r\n.\n, \n.\r\n ...) can end one message and start another.
// A command line longer than sendmail's (2046 characters) closes the
// connection with "421 4.7.0 HOST Command too long, possible attack";
// a NUL ends a command line as it ends sendmail's C strings. Buffered
// input is discarded at STARTTLS. The message is kept in memory while
// it is read; MaxMessageSize (or 64 MiB when it is not set) bounds it,
// and what is over is read and dropped before the 552.
package smtpd
