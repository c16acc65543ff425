divert(-1)
#
# OSTYPE(`hpux10'): HP-UX 10: rmail delivers, the shell is /usr/bin/sh;
# the time zone comes from TZ.
#
# the time zone of the environment (TZ)
ifdef(`confTIME_ZONE', `', `define(`confTIME_ZONE', `USE_TZ')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/bin/rmail')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `m9')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `rmail -d $u')')
ifdef(`LOCAL_SHELL_PATH', `', `define(`LOCAL_SHELL_PATH', `/usr/bin/sh')')
