// Package mta is sendmail's message handling between the command line
// (or the SMTP server) and the delivery agents: submission, recipient
// expansion, the queue run, delivery and the notifications sent back.
//
// # Submission
//
// Submit takes a message as `sendmail [-t] [-i] [-f sender] rcpt...`
// gives it: the message is read to EOF (or, without -i, to a line with a
// single dot); a leading "From " line is dropped; the header ends at the
// first empty line or the first line that is not a field. The .cf's H
// lines are put before the message's own fields, each one the message
// lacks (Received always; Resent- fields only when the message has some),
// expanded now with $a $b $d $t (the dates), $i (the queue ID), $g
// (the sender), $x (the full name), $_ (user@localhost), $u (the only
// argument recipient, when there is one); Return-Path keeps its $g for
// each mailer to bind at delivery. With -t the recipients of To:, Cc:
// and Bcc: (or of their Resent- forms) are added to the arguments, and
// Bcc: is dropped at delivery (qf flag b). A message that already made
// more than MaxHopCount hops (Received:, Via:, Mail-From:) fails.
//
// Transaction does the same for the SMTP server: recipients are resolved
// and verified as each RCPT arrives (expanded only when the message is
// delivered at once: DeliveryMode i, VERB; otherwise the queue run
// expands them, as sendmail does), Accept queues the message.
//
// # Recipients
//
// Each address goes through rulesets 3 and 0 (ruleset.Resolve).
// Addresses of a mailer with F=A are looked up in the AliasFile
// databases (unless -n or a backslash in the name), those of a mailer
// with F=w in the password file ("User unknown" when absent) and then
// in the first file of ForwardPath that exists ($z/.forward by default).
// Values are lists separated by commas (arguments by blanks too, until
// one has a comma, ';', '<' or '('); ":include:FILE" reads one list a
// line from a file; "|command" and "/file" are accepted only from an
// alias, a .forward or an :include: ("Cannot mail directly to programs"
// otherwise), and from a .forward only when its user has a valid shell;
// an owner-LIST alias gets the errors of LIST. A list is resolved left
// to right and expanded right to left, depth first, as sendmail does;
// duplicates (same mailer, host and user) are delivered once, and a
// loop is broken at the real user it goes through; expansion stops at
// MaxAliasRecursion levels. -bv prints what sendmail 8.17 prints for
// all this, line for line (rcpt.go, include.go, verify.go).
//
// # Queue and delivery
//
// The message is queued (package queue) before anything else happens:
// the df and qf files and the qf's name are on disk (fsynced, or made
// durable by a syncfs shared with the other sessions of the SMTP
// server) before the caller is told, so that mail is never lost. Delivery then follows
// DeliveryMode (-od): i in this process, b in a process of its own (a
// `sendmail -qI<id>` started in a new session), q and d leave it queued.
// A queue run (-q, RunQueue) locks each message, delivers its
// recipients, and removes the message or writes back those deferred.
// Before each recipient is delivered, the .cf's check_compat ruleset (if
// any) gets "sender $| recipient": $#error fails or defers that
// recipient as an error mailer address with that status would, and
// $#discard drops the rest of the message (checkCompat).
//
// A recipient's mailer decides the agent: prog and *file* (package
// deliver's Program and File); a local mailer whose P= is a mail.local
// (or "[LOCAL]") is delivered by our own mbox code (deliver.Mailbox);
// any other P= program is run with its A= arguments, the message on its
// standard input after a From line (unless F=n), its exit status read as
// sendmail reads it. IPC mailers ([IPC], SMTP) are deferred until the
// SMTP client exists. Each mailer gets the header its F= flags and the
// H lines' ?conditions? call for, addresses rewritten by its S= and R=
// rulesets, Bcc: dropped when -t asked it.
//
// # Notifications
//
// Failures are returned to the sender as RFC 3464 reports (package dsn):
// at once when delivery fails for good, with a delay warning once
// Timeout.queuewarn (4h) has passed, and as a failure (4.4.7) when
// Timeout.queuereturn (5d) has. NOTIFY=SUCCESS (-N success) gets a
// return receipt. A return that cannot be delivered goes to the
// DoubleBounceAddress (postmaster). In ErrorMode p, errors found while
// the recipients are expanded are printed on the standard output and,
// when the sender is the invoking user, the message is appended to
// ~/dead.letter as sendmail does; otherwise the sender is mailed.
//
// # Options of ours
//
// Two options that sendmail does not have (the reference refuses a .cf
// that sets them; pass them with -O when a .cf is shared):
//
//	O MailboxDirectory=/var/mail     where built-in local delivery writes
//	O LocalMailboxMaxSize=0          bytes; a message that would take a
//	                                 mailbox past it bounces (552 5.2.2)
//
// The engine of the .cf (ruleset.Config) keeps macros in one place:
// callers that share an MTA between goroutines hold Lock around every
// call.
package mta
