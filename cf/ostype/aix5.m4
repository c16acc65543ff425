divert(-1)
#
# OSTYPE(`aix5'): IBM AIX 5: as AIX 4.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
# the time zone of the environment (TZ)
ifdef(`confTIME_ZONE', `', `define(`confTIME_ZONE', `USE_TZ')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/bin/bellmail')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `mn9')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `mail -F $g $u')')
