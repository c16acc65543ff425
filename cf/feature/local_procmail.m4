divert(-1)
# FEATURE(`local_procmail' [, path [, argv [, flags]]]): deliver local mail
# with procmail (or another program given here). Like the reference, this
# replaces whatever the OSTYPE or the .mc set for the local mailer's path,
# arguments and flags.
define(`LOCAL_MAILER_PATH', ifelse(defn(`_ARG_'), `',
	`ifdef(`PROCMAIL_MAILER_PATH', `PROCMAIL_MAILER_PATH', `/usr/local/bin/procmail')', `defn(`_ARG_')'))
define(`LOCAL_MAILER_ARGS', ifelse(defn(`_ARG2_'), `', `procmail -a $h -d $u', `defn(`_ARG2_')'))
define(`LOCAL_MAILER_FLAGS', ifelse(defn(`_ARG3_'), `', `SPfhn9', `defn(`_ARG3_')'))
