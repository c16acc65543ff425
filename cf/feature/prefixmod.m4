divert(-1)
# FEATURE(`prefixmod', prefix, flags): an address that starts with the
# tokens of prefix loses them in Parse0, and the recipient gets the
# mailer flags given (the {rcpt_flags} macro). As in the reference, only
# the last FEATURE(`prefixmod') counts.
ifelse(defn(`_ARG_'), `', `_gs_err(`FEATURE(`prefixmod') needs the prefix to strip')')
ifelse(defn(`_ARG2_'), `', `_gs_err(`FEATURE(`prefixmod') needs the flags to set as its second argument')')
define(`_gs_prefixmod_rule', `R'defn(`_ARG_')` $+	$: $1 $(macro {rcpt_flags} $@ 'defn(`_ARG2_')` $)	prefix: recipient flags')
