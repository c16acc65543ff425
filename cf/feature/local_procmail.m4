divert(-1)
# FEATURE(`local_procmail' [, path [, argv [, flags]]]): deliver local mail
# with procmail (or another program given here). Mailer settings the
# OSTYPE already made are kept unless given here.
ifdef(`_gs_mailer_local', `_gs_err(`FEATURE(`local_procmail') must come before MAILER(`local')')')
ifelse(defn(`_ARG_'), `', `ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', ifdef(`PROCMAIL_MAILER_PATH', `PROCMAIL_MAILER_PATH', `/usr/local/bin/procmail'))')',
	`define(`LOCAL_MAILER_PATH', defn(`_ARG_'))')
ifelse(defn(`_ARG2_'), `', `ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `procmail -Y -a $h -d $u')')',
	`define(`LOCAL_MAILER_ARGS', defn(`_ARG2_'))')
ifelse(defn(`_ARG3_'), `', `ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `SPfhn9')')',
	`define(`LOCAL_MAILER_FLAGS', defn(`_ARG3_'))')
