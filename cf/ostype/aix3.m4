divert(-1)
#
# OSTYPE(`aix3'): IBM AIX 3: bellmail delivers; the time zone comes from
# TZ.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
# the time zone of the environment (TZ)
ifdef(`confTIME_ZONE', `', `define(`confTIME_ZONE', `USE_TZ')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/bin/bellmail')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `mn9')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `mail $u')')
