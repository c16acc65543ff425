divert(-1)
# FEATURE(`delay_checks' [, `friend' | `hater']): check_mail and check_relay
# are not run at MAIL and at connection time but from check_rcpt, once the
# recipient is accepted. With `friend', a recipient whose Spam: entry in
# the access map is FRIEND skips them; with `hater', only a recipient whose
# Spam: entry is HATER gets them.
ifelse(defn(`_ARG_'), `', `', defn(`_ARG_'), `friend', `', defn(`_ARG_'), `hater', `',
	`_gs_err(`FEATURE(`delay_checks'): the argument is `friend' or `hater', not `'defn(`_ARG_')')')
define(`_gs_delay_checks', defn(`_ARG_'))
ifelse(defn(`_ARG_'), `', `', `ifdef(`_gs_feature_access_db', `',
	`_gs_err(`FEATURE(`delay_checks') with `friend' or `hater' needs FEATURE(`access_db') for the Spam: entries')')')
