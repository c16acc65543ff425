// Package maps implements sendmail's keyed maps (the K lines of
// sendmail.cf), the map files makemap builds, and the alias file with the
// databases newaliases builds from it.
//
// # Formats read and written
//
//   - CDB (cdb.go): every database we write. D. J. Bernstein's constant
//     database: a 2048-byte header of 256 (position, length) pairs, the
//     records (key length, value length, key, value; little-endian), then
//     the 256 hash tables. Files are built in a temporary file in the same
//     directory, fsynced, renamed into place and the directory fsynced, so
//     readers see the old file or the whole new one. tinycdb (cdb -d, -q)
//     reads them and we read its. makemap hash/btree maps keep sendmail's
//     name, X.db, with CDB contents; cdb maps are X.cdb.
//   - Berkeley DB 2-5 hash and btree files (bdb.go), read-only: the .db
//     files sendmail's makemap and newaliases (libdb5.3 on Debian) leave, in
//     either byte order, with overflow items and duplicates, so a migrated
//     site's maps answer until rebuilt. Berkeley DB 1.85 files and
//     encrypted or checksummed files are refused.
//   - makemap input (source.go): one record a line, key, white space (or
//     -t's character), value; '#' (or -D's character) comments; keys folded
//     unless -f; lines longer than 1023 bytes rejected piece by piece.
//   - The alias file (aliases.go): "name: value", continuation lines
//     starting with white space or after a backslash-newline, '#' comments.
//     Alias databases store names and values with a trailing NUL, and the
//     key "@" (value "@") once complete, as sendmail's do.
//   - sendmail.cf (cf.go): only the option lines (AliasFile, TrustedUser)
//     and class w, until the configuration parser exists.
//   - The service switch file: "service method..." lines.
//
// # Map classes (Open, ParseKLine)
//
// Every class honours the common K-line flags: -o optional, -N/-O the
// trailing NUL of keys (tried adaptively without either), -a appended to
// results, -T appended to the key on temporary failures, -f no case
// folding, -m match only, -k/-v columns, -z delimiter, -t temporary
// failures as not found, -D (recorded; the caller knows the delivery
// mode), -S space substitute, -s (dequote) space substitute, -q keep
// quotes (keys are dequoted otherwise), -A (recorded for alias merging).
// Found values have %0 (key), %1-%9 (arguments) and %% replaced.
//
//   - hash, btree, cdb, implicit: our CDB files and Berkeley DB files,
//     found by content; reopened when the file is replaced.
//   - text: a text file of columns (-k, -v, -z), reloaded when changed.
//   - regex: POSIX extended (or -b basic) expressions, leftmost-longest,
//     case-insensitive unless -f; -n, -s[list], -d, -a, -m.
//   - sequence, switch (service switch methods as name.method maps).
//   - stab: the program's own symbol table (Stab).
//   - user: the password file; -v picks the field.
//   - host: hosts file and DNS, in the order of the "hosts" service.
//   - dns (-R A AAAA CNAME MX NS PTR SRV TXT, -B, -z) and bestmx, through
//     the Resolver interface (tests stub it; NetResolver uses the system's).
//   - arith, macro (Env.SetMacro), dequote, program, syslog (Env.Syslog),
//     arpa, socket (the socketmap netstring protocol over unix or inet).
//   - null: always empty.
//
// Not done: ldap, nis, nisplus, hesiod, netinfo, ph, nsd and dbm (ndbm)
// maps; ldap may come later. The dns map's rendering of MX and SRV records
// ("pref host", "prio weight port host") has not been checked against the
// reference. Differences from sendmail's makemap: since hash and btree
// files are both CDB, makemap -o and -u cannot tell a hash from a btree
// map we built (they can for Berkeley DB files); duplicate-key messages
// are printed after the input is read (still in line order); cdb is
// listed by -l as we build it.
package maps
