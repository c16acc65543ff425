// Package queue is sendmail 8.17's mail queue: its file names and queue
// IDs, its control-file ("qf") format, durable writing, the locking that
// keeps two queue runners from delivering one message twice, and the
// listing that `mailq` and `sendmail -bp` print. Files written here are
// read by the reference sendmail and files it writes are read here; the
// tests in this package check both directions against
// /usr/libexec/sendmail/sendmail when it is installed.
//
// # Queue IDs
//
// A queue ID is 14 characters, YMDhmsNNpppppp: six "digits" of the
// 60-character alphabet 0-9 A-Z a-x for the submission time in UTC
// (year modulo 60 counted from 1900, month 0-11, day of month, hour,
// minute, second; y and z stand for the leap seconds 60 and 61), two
// more for a per-process sequence number 0..3599, and the process ID
// as at least six decimal digits. 6APJ4l0X019571 is 2026-11-25 19:04:47
// UTC, sequence 0*60+33, pid 19571.
//
// # Files
//
// Every file of a message is named by a two-letter type followed by the
// ID: qf the control file, df the data file (the body, headers not
// included), tf a control file being rewritten (renamed over the qf
// when complete), xf the transcript of a delivery attempt, hf a
// quarantined control file and Qf a control file set aside as "lost".
// Where a queue directory has subdirectories named qf, df or xf, the
// files of that type live there (qf/ also holds tf, hf and Qf files).
//
// A queue directory is the QueueDirectory option or a queue group's
// Path; a path ending in "*" names every subdirectory of its parent
// whose name starts with what comes before the "*". The name a control
// file's d record uses for a directory, and that the listing prints
// after the queue group's base, is its path relative to QueueDirectory
// ("." for QueueDirectory itself).
//
// # Control file
//
// A control file is a sequence of records, one a line, each a letter
// followed by its value; a line starting with a space or a tab
// continues the record before it (headers keep their folding this way).
// A line with a single "." ends the file; anything after it, an unknown
// letter or a missing "." makes the file unreadable. sendmail 8.17
// writes version 8 files, with the records in this order:
//
//	V8                     format version (must come first)
//	T<seconds>             creation time, Unix seconds
//	K<seconds>             time of the last delivery attempt (0: none)
//	N<count>               number of delivery attempts
//	P<priority>            priority; larger numbers run later
//	d<dir>                 directory of the df file, if not the qf's
//	I<major>/<minor>/<ino> device and i-number of the df file
//	B<type>                body type: 7BIT or 8BITMIME
//	q<reason>              quarantine reason
//	M<text>                status message of the envelope
//	F<letters>             flags: w warning sent, r a response (bounce),
//	                       8 eight-bit body, b delete Bcc:, d DSN RET=
//	                       given, n do not return the body, s split,
//	                       e SMTPUTF8
//	$<macro><value>        a macro kept for the queue run: $x or ${name}
//	S<address>             envelope sender
//	Z<envid>               DSN ENVID=
//	A<xtext>               SMTP AUTH= parameter
//	!<flag> <seconds>      DELIVERBY: flag a byte, 1 N (notify), 2 R (return), +0x10 T
//
// then for each undelivered recipient
//
//	M<text>                this recipient's status message
//	C[<user>:<uid>:<gid>]:<alias>
//	                       controlling user, when it changes; a bare C
//	                       ends the previous one
//	Q<orcpt>               DSN ORCPT=
//	r<final-recipient>     DSN Final-Recipient
//	R<flags>:<address>     the recipient; flags P primary, N NOTIFY=
//	                       given, S/F/D notify on success/failure/delay,
//	                       B internal Bcc, A alias, X dynamic mailer
//
// then every header as H?<conditions>?<Name>:<value>, where the
// conditions are mailer flag letters or a macro ($x, ${name}) that must
// be set for the header to be sent, and the value keeps its leading
// space and folding; macro references in it are the byte 0x81 followed
// by the macro letter. Older versions also had E (error recipient), D
// (data file name) and L (content length), which are read and ignored.
//
// # Listing
//
// Queue.List prints what `sendmail -bp` prints (and -v its verbose
// form): per queue directory a "(N requests)" header naming the
// directory (with "/df" appended when it has a df/ subdirectory, as the
// reference does), or "DIR is empty"; one entry per qf file, sorted by
// QueueSortOrder, with '*' after the ID when another process holds its
// lock; then "Total requests: N". ListMSPMTA adds Debian's "MSP Queue
// status..." and "MTA Queue status..." lines around two queues.
//
// # Durability and locking
//
// Create writes the df under its own name (its O_EXCL creation
// reserves the ID), then the qf as a file with no name (O_TMPFILE),
// locks it, and links it into the directory: the qf appears whole and
// already locked, and a killed writer leaves no tf (where O_TMPFILE is
// missing, the qf is written as a locked tf and renamed). Everything is
// on disk before Create returns, so a caller that tells its client
// "queued" only after Create returns never loses mail; commit.go tells
// how writers share one syncfs(2) under load instead of three fsyncs a
// message. Rewrite replaces a qf by a locked tf, fsynced and renamed.
// Control files are locked with flock(2), as Debian's sendmail 8.17
// does (exclusive while a process works on a message, shared to probe).
package queue
