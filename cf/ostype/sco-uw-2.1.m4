divert(-1)
#
# OSTYPE(`sco-uw-2.1'): SCO UnixWare 2.1: rmail delivers; the time zone
# comes from TZ.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
# the time zone of the environment (TZ)
ifdef(`confTIME_ZONE', `', `define(`confTIME_ZONE', `USE_TZ')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/bin/rmail')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `fhCEn9')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `rmail $u')')
ifdef(`LOCAL_SHELL_FLAGS', `', `define(`LOCAL_SHELL_FLAGS', `ehuP')')
