// Package dsn composes the delivery status notifications sendmail 8.17 sends
// back to a message's envelope sender: the bounce ("Returned mail: see
// transcript for details"), the delay warning ("Warning: could not send
// message for past 4 hours"), the return receipt and the postmaster's copy.
// Build writes one from a Report, byte for byte as the reference sendmail
// queues it (its qf headers and df body), checked against
// /usr/libexec/sendmail/sendmail by this package's tests.
//
// # Format
//
// Header fields, in this order (LF line ends, headers, empty line, body):
//
//	Received: from localhost (localhost)          only when Report.Version is set
//		by HOST (VERSION) id BOUNCEID;
//		DATE
//	Date: NOW
//	From: Mail Delivery Subsystem <MAILER-DAEMON>  (Report.From replaces the value)
//	Message-Id: <YYYYMMDDhhmm.BOUNCEID@HOST>       YYYYMMDDhhmm is NOW in UTC
//	To: SENDER                                     the envelope sender as given
//	MIME-Version: 1.0
//	Content-Type: multipart/report; report-type=delivery-status;
//		boundary="BOUNCEID.UNIXTIME/HOST"        UNIXTIME is NOW in seconds
//	Content-Transfer-Encoding: 8bit                only for an 8-bit (or binary) original
//	Subject: Returned mail: see transcript for details
//	Auto-Submitted: auto-generated (failure)
//
// The From: address is left unqualified, as sendmail queues it; the mailer's
// header rewriting makes it MAILER-DAEMON@host on the way out. Return-Path:
// and Full-Name: are added at delivery by the .cf's H lines and are not
// written here. The subject and Auto-Submitted value by kind:
//
//	failure             Returned mail: see transcript for details            failure
//	warning             Warning: could not send message for past WARNAFTER   warning-timeout
//	receipt             Return receipt                                        return-receipt
//	postmaster copy     Postmaster notify: see transcript for details        postmaster-notification
//	postmaster warning  Postmaster warning: could not send message for past  postmaster-warning
//
// (the postmaster's warning is sendmail's wording, not seen from the
// reference: PostmasterCopy got no copy of our warnings).
//
// The body is three MIME parts separated by "--BOUNDARY" lines, after the
// line "This is a MIME-encapsulated message" and an empty line:
//
//  1. Text (no part headers): for a warning, a four-line box of asterisks
//     saying THIS IS A WARNING MESSAGE ONLY and an empty line; "The original
//     message was received at ARRIVAL", "from RECEIVEDFROM", for the
//     postmaster's copy "with id QUEUEID", an empty line; the ErrorHeader
//     text and an empty line; then up to three lists, each a heading line and
//     an empty line after it: "   ----- The following addresses had
//     permanent fatal errors -----" (failed recipients), "... had transient
//     non-fatal errors -----" (delayed ones) and "... had successful delivery
//     notifications -----" (delivered, relayed, expanded). A failed or
//     delayed entry is the address on a line of its own, then "    (reason:
//     REASON)" and "    (expanded from: ALIAS)" when known; a successful one
//     is "ADDRESS  (successfully delivered to mailbox)" (or "...to mailing
//     list", "relayed to non-DSN-aware mailer", "expanded by alias"), then
//     its "(expanded from: ...)" line. Every
//     address, reason and alias of 203 bytes or more is cut to its first and
//     last 100 bytes with "..." between. Last "   ----- Transcript of
//     session follows -----", the transcript and an empty line ("...
//     is unavailable -----" and an empty line when there is none).
//  2. Content-Type: message/delivery-status; after an empty line the
//     per-message fields Original-Envelope-Id (with ENVID=), Reporting-MTA:
//     dns; HOST, Received-From-MTA (when known), Arrival-Date; then for each
//     recipient an empty line and Original-Recipient (with ORCPT=, TYPE;ADDR
//     without a space), Final-Recipient: RFC822; ADDR, X-Actual-Recipient
//     (only when it is not the same text as Final-Recipient), Action,
//     Status, Remote-MTA (a trailing dot removed), Diagnostic-Code,
//     Last-Attempt-Date, Will-Retry-Until; then an empty line. Values of the
//     MTA and diagnostic fields are cut at 800 bytes, ORCPT's type at 100
//     and address at 700.
//  3. Content-Type: message/rfc822 and the original message as it was
//     queued, or with RET=HDRS (-R hdrs; the reference also returned
//     only the header in receipts without RET= and in the postmaster's
//     copy) Content-Type: text/rfc822-headers and its header only. Content-Transfer-Encoding: follows the Content-Type when the
//     original says "binary" (its value as written) or has any 8-bit byte
//     ("8bit"). Without an original (its df file is gone) this part is
//     left out.
//
// After the last part comes "\n--BOUNDARY--\n" and one empty line, so the
// returned message always ends in a line break before the closing boundary
// even when its body had none.
//
// With SendMimeErrors=False (Report.NoMIME) there is no MIME-Version,
// Content-Type or delivery-status part: the text part is followed by
// "   ----- Original message follows -----", an empty line, the original and
// an empty line; or "   ----- Message header follows -----", an empty line,
// the header, an empty line and "   ----- Message body suppressed -----"
// and an empty line; or, without an original, "  ----- No message was
// collected -----" and an empty line.
//
// Dates are RFC 5322 dates as sendmail's arpadate writes them: "Tue, 1 Dec
// 2026 16:56:49 -0500", one-digit days without a leading zero, and "GMT"
// instead of the numeric offset when the offset is zero. Build writes each
// time in its own Location; sendmail clears TZ unless TimeZoneSpec is set,
// so on a host whose /etc/localtime is UTC every date reads "... GMT".
//
// The transcript is copied as given: lines like "550 5.1.1 nosuchuser... User
// unknown", "... while talking to host:", ">>> RCPT To:<a@b>", "<<< 550 ...",
// and for a warning the two closing lines "Warning: message still
// undelivered after 4 hours" and "Will keep trying until message is 5 days
// old" (Interval writes the durations as sendmail does: "1 week, 1 day",
// "1 hour, 30 minutes").
package dsn

// What the reference does, learnt by running it (sendmail 8.17.1.9,
// Debian 8.17.1.9-2+deb12u2, with a .cf from OSTYPE(debian), MAILER(local),
// MAILER(smtp); facts only, nothing copied from its sources):
//
// Error modes and exit codes, for "sendmail -odi -oeX -f SENDER RCPT" with
// SENDER not the invoking user. The exit code is the same in every error
// mode; -oem, -oep and -oew (nobody to write to) all mail the bounce, -oeq
// mails nothing:
//
//	RCPT (alias)              exit  what -oep prints on standard output
//	nosuchuser                67    nosuchuser... User unknown
//	error:5.1.1:550 nope      67    error:5.1.1:550 nope... User unknown
//	:include:/nonexistent     64    :include:/nonexistent... Cannot open /nonexistent: No such file or directory
//	"|exit 67"                67    (nothing)
//	"|exit 1"                 69    (nothing)
//	"|exit 75"                0     (nothing; the message stays queued, no bounce)
//
// So -oep prints on standard output, never standard error, one "ADDR...
// TEXT" line (no reply code) per address that fails while the recipients
// are resolved, and nothing for mailer failures found later; standard
// error stays empty. With several failed recipients the exit code is the
// last failure's (EX_NOUSER 67, EX_UNAVAILABLE 69 for "unknown mailer error
// 1", EX_USAGE 64 for the unreadable :include:). When the sender is the
// invoking user, -oep mails nothing: it prints the address lines and then
// "/root/dead.letter... Saved message in /root/dead.letter", having appended
// the message to the user's dead.letter (exit codes unchanged). Whether
// standard input or output is a terminal made no difference. Recipients
// refused at SMTP RCPT time get no bounce at all.
//
// Which recipients are listed where: every failed recipient with
// NOTIFY=FAILURE (the default) is in the permanent list and in the
// delivery-status part; in the warnings we produced (queue runs past
// Timeout.queuewarn, program and SMTP deferrals, with and without
// NOTIFY=DELAY) the delayed recipients were in the delivery-status part
// but never in the transient list, and only some had Will-Retry-Until
// (a program deferral did, an SMTP 451 did not); the caller decides both
// per recipient (Recipient.Unlisted, Recipient.WillRetryUntil). A failure
// found during a queue run after Timeout.queuereturn has Status 4.4.7,
// reason "Deferred" and the transcript lines "Message could not be
// delivered for 5 days" and "Message will be deleted from queue"; the
// subject stays "Returned mail: see transcript for details".
//
// Other observed values: the sender in To: is as given (root, <a@b> from
// SMTP); "from root@localhost" for a local submission and "from localhost
// [127.0.0.1]" for SMTP ($_); Received-From-MTA: DNS; localhost only when the
// bounce is made by the SMTP server process that received the message (not
// in a later queue run); Remote-MTA: DNS; [127.0.0.2] and Diagnostic-Code:
// SMTP; 550 ... for SMTP failures, X-Unix; 67 for program exits; the
// PostmasterCopy recipient gets a separate message with the original's
// header only; the ErrorHeader option's text goes after the "from" line.
