// Package deliver holds the delivery agents that run inside sendmail rather
// than behind a P= program: built-in local delivery into mbox mailboxes,
// delivery to files ("/path") and to programs ("|command"), and the one
// Status type every delivery outcome is expressed in.
//
// # What is written
//
// A mailbox (Mailbox, /var/mail/USER by default) and a file (File) get
// messages in the traditional mbox ("mboxo") format, as sendmail's local
// delivery with mail.local and its *file* mailer write it:
//
//	From sender Wed Nov 25 19:04:46 2026      the envelope line, ctime(3) date
//	Header: ...                               the message, "\r\n" made "\n"
//	                                          ...
//	>From a body line                         '>' before every "From " line
//	                                          one empty line after the message
//
// Lines that already begin with ">From " are not changed. A message whose
// last line has no newline gets one. After it, a mailbox always gets an
// empty line; a file gets one only when the message ended in a newline,
// which is what sendmail 8.17's file mailer does. We do not add the
// Content-Length: header that Debian's mail.local adds.
//
// A program (Program) gets the From line and the message unchanged on its
// standard input, with no empty line after it, as sendmail's prog mailer
// gives it.
//
// # Safety
//
// A mailbox is appended to only when it is a regular file with one link,
// owned by its user, reached without a symbolic link; it is locked with
// USER.lock (made with link(2), stale locks broken) and an fcntl lock; a
// new one is made with mode 0600 and given to the user. If a write fails,
// or the local mailbox size limit (Mailbox.MaxSize, our option
// LocalMailboxMaxSize, "552 5.2.2 Mailbox full") would be passed, the
// mailbox is cut back to the size it had, so no part of the message stays.
// Files get the same checks (and refuse executable files), with
// SafeFileEnvironment honoured as a directory nothing may leave.
//
// # Outcomes
//
// Every outcome is a *Status: delivered, temporary failure (the message
// stays queued) or permanent failure (it bounces), with the SMTP code,
// enhanced status code and text sendmail uses on the transcript line, the
// DSN Status: value and the sysexits code. FromExit maps a program's exit
// code the way sendmail 8.17 does (checked against the reference for
// every sysexits value): 0 delivered; EX_TEMPFAIL (75), EX_IOERR (74) and
// EX_OSERR (71) deferred; all others bounce, e.g. 67 is
// "550 5.1.1 addr... User unknown" and 1 is "554 5.3.0 unknown mailer
// error 1".
package deliver
