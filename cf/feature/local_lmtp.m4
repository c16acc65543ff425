divert(-1)
# FEATURE(`local_lmtp' [, path [, argv]]): the local mailer speaks LMTP
# (mail.local -l from confEBINDIR by default). Like the reference, this
# sets the mailer's path, arguments, flags and diagnostic type whatever
# the OSTYPE said; Debian's flags lack m (one recipient per delivery).
define(`LOCAL_MAILER_PATH', ifelse(defn(`_ARG_'), `',
	`ifdef(`confEBINDIR', `confEBINDIR', `/usr/libexec')/mail.local', `defn(`_ARG_')'))
define(`LOCAL_MAILER_ARGS', ifelse(defn(`_ARG2_'), `', `mail.local -l', `defn(`_ARG2_')'))
define(`LOCAL_MAILER_FLAGS', ifelse(defn(`_gs_ostype'), `debian', `PSXnz9', `PSXmnz9'))
define(`LOCAL_MAILER_DSN_DIAGNOSTIC_CODE', `SMTP')
define(`_gs_local_lmtp', 1)
