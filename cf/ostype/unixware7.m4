divert(-1)
#
# OSTYPE(`unixware7'): SCO UnixWare 7: slocal delivers; the time zone
# comes from TZ.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
# the time zone of the environment (TZ)
ifdef(`confTIME_ZONE', `', `define(`confTIME_ZONE', `USE_TZ')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/etc/mail/slocal')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `Puho9')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `slocal -user $u')')
ifdef(`LOCAL_SHELL_FLAGS', `', `define(`LOCAL_SHELL_FLAGS', `Peu')')
