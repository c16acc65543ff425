// Package mlog writes sendmail's log lines, byte for byte as sendmail
// 8.17 writes them to syslog, so that the tools that read mail logs
// (pflogsumm-style reports, fail2ban, grep) keep working.
//
// Every format here was learnt by running the reference (8.17.1.9, Debian)
// with its syslog socket replaced by the tests' own and comparing; the
// reference tests of this package do that again where the reference is
// installed and keep the pairs in testdata (go test -run Reference
// -update).
//
// # Lines
//
// A line reaches syslog as "<PRI>Mmm dd hh:mm:ss TAG[PID]: MESSAGE",
// facility mail, tag "sendmail" (or -L's), without a newline. The message
// starts with the queue ID and ": ". This package builds the message.
//
// The acceptance of a message (Acceptance), logged once it is queued:
//
//	ID: from=root, size=48, class=0, nrcpts=1, msgid=<t1@example.com>, relay=root@localhost
//	ID: from=<a@b.example>, size=52, class=0, nrcpts=2, msgid=<s2@c.example>, bodytype=8BITMIME, proto=ESMTP, daemon=MTA, relay=localhost [127.0.0.1]
//
// size is the bytes of the message as received (header and body, LF
// line ends), class the Precedence: value (0 without one), nrcpts the
// recipients after alias expansion. msgid, bodytype, proto and daemon
// are left out when empty (the command line has no proto unless -p
// gives one, and no daemon). relay is $_: the invoking user as
// user@localhost, or the client "name [address]". An SMTP transaction
// that ends without a message logs this line too, with size=0, nrcpts=0
// and no msgid.
//
// Each delivery attempt (Attempt), one line for the recipients a mailer
// got in one go (the local and prog mailers take one at a time; an SMTP
// transaction takes all those of one host):
//
//	ID: to=alice, ctladdr=root (0/0), delay=00:00:00, xdelay=00:00:00, mailer=local, pri=30048, dsn=2.0.0, stat=Sent
//	ID: to=b@x.example,a@x.example, ctladdr=root (0/0), delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=120019, relay=mx.x.example. [192.0.2.1], dsn=2.0.0, stat=Sent (2.0.0 Ok: queued as ABC)
//	ID: to="|exit 75", ctladdr=defer (8/0), delay=1+02:03:04, xdelay=00:00:00, mailer=prog, pri=120019, dsn=4.0.0, stat=Deferred: prog mailer (/bin/sh) exited with EX_TEMPFAIL
//	ID: to=bad@x.example, ctladdr=root (0/0), delay=00:00:00, xdelay=00:00:00, mailer=esmtp, pri=30019, relay=[127.0.0.1] [127.0.0.1], dsn=5.1.1, reply=550 5.1.1 <bad@x.example>... User unknown, stat=User unknown
//	ID: to=nosuchuser, delay=00:00:00, mailer=local, pri=0, dsn=5.1.1, reply=550 5.1.1 User unknown, stat=User unknown
//	ID: to=alice, delay=00:00:00, mailer=local, pri=30019, stat=queued
//
// The fields come in that order: to, ctladdr, delay, xdelay, mailer, pri,
// relay, dsn, reply, stat. to is the recipients as sendmail names them
// (the address as given: alice, alice@host, <alice@host> from SMTP, a
// program in quotes), joined by commas. ctladdr is the controlling
// address with its uid and gid, written when there is one: the alias or
// .forward owner of a program or file, otherwise the sender when it is a
// local user (on the command line any sender, with the invoking user's
// ids); never for a notification's recipients, nor on "queued" lines.
// delay is the time since the message was queued, xdelay the time this
// attempt took (absent when no attempt was made); both are HH:MM:SS with
// "D+" in front from a day on (1+02:03:04). pri is the message's
// priority. relay is, for a connection, the host tried and its address
// in brackets ("[127.0.0.1] [127.0.0.1]", "mx.example. [192.0.2.1]";
// the address is missing when the host status cache spared the
// connection), and the mailer's $h for other mailers that have one; it
// is absent for local and prog. dsn is the enhanced status, reply the
// reply line that decided it (the peer's, or sendmail's own for a
// recipient refused at submission), stat the outcome: Sent, "Sent (the
// peer's text after its code)", queued, "Deferred: reason", or the
// failure's text.
//
// A notification (Notice) made for a message, logged before it is
// delivered:
//
//	ID: NOTIFYID: DSN: User unknown
//	ID: NOTIFYID: DSN: Return receipt
//	ID: NOTIFYID: sender notify: Warning: could not send message for past 4 hours
//	ID: NOTIFYID: postmaster notify: User unknown
//
// "DSN" is a bounce or receipt to the sender; "sender notify" any
// notification to the sender of a message already sent a delay warning
// (the warning itself included); "postmaster notify" the PostmasterCopy
// and the return of a message from <>. The text is the message's last
// error.
//
// A STARTTLS handshake (TLS), on either side, without a queue ID:
//
//	STARTTLS=client, relay=[127.0.0.1], version=TLSv1.3, verify=OK, cipher=TLS_AES_256_GCM_SHA384, bits=256/256
//	STARTTLS=server, relay=localhost [127.0.0.1], version=TLSv1.3, verify=OK, cipher=TLS_AES_256_GCM_SHA384, bits=256/256
//
// A message that leaves the queue (Done), from LogLevel 10:
//
//	ID: done; delay=00:00:04, ntries=1
//
// Any other line is a Note, such as the one logged when an address is
// refused (UserErr): "ID: nosuchuser... User unknown".
//
// # Limits
//
// Values are limited before the line is put together: from= is cut at
// 200 bytes and msgid= at 100; ctladdr= (83 bytes), relay='s host (40),
// reply=, stat=, a notification's text and a refused address (203) are
// shortened by keeping their first and last (N-3)/2 bytes around "...".
// The to= list gets what is left of 924 bytes by the rest of its line: a
// longer list is cut after the last comma that fits, that line ending in
// ", [more]" before the other fields, and the rest goes on the next
// lines; a single address longer than that is cut.
//
// The message is then made printable: a backslash is doubled, tab,
// newline and carriage return become \t, \n and \r, other control and
// 8-bit bytes a backslash and three octal digits (\351). A message still
// too long for syslog's buffer goes in numbered pieces, "ID[1]: ... ...",
// "ID[2]: ...", each broken after the last blank or comma that fits; with
// a 14-byte queue ID and the default tag a message of up to 966 bytes
// goes whole and a piece holds up to 957 (each byte of tag given with -L
// counts one less; -L sendmail splits one byte sooner than the default). Join
// puts the pieces together again and Parse reads a message back into its
// record.
//
// # LogLevel
//
// The LogLevel option (9 in Debian's sendmail.cf) decides what is logged:
//
//	 4  refused addresses (Note: UserErr)
//	 5  from=
//	 6  notifications
//	 7  to= of a recipient that failed for good
//	 8  to= of a recipient delivered
//	 9  to= of a recipient deferred, or queued without an attempt; STARTTLS=
//	10  done; and NOQUEUE: connect from user@localhost (a Note)
//	11  alias expansion ("alias NAME => VALUE", a Note)
//
// Refused addresses are logged with severity notice, the rest as info.
package mlog
