divert(-1)
#
# OSTYPE(`solaris8'): Solaris 8 to 10: mail.local over LMTP; daemons for
# IPv4 and IPv6.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/lib/mail.local')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `PSXmnz9')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `mail.local -l')')
ifdef(`LOCAL_MAILER_DSN_DIAGNOSTIC_CODE', `', `define(`LOCAL_MAILER_DSN_DIAGNOSTIC_CODE', `SMTP')')
ifdef(`confPID_FILE', `', `define(`confPID_FILE', `/var/run/sendmail.pid')')
ifdef(`_gs_daemon_opts', `', `DAEMON_OPTIONS(`Name=MTA-v4, Family=inet')DAEMON_OPTIONS(`Name=MTA-v6, Family=inet6')')
# mail.local speaks LMTP: the envelope sender in SMTP form
define(`_gs_local_lmtp', 1)
