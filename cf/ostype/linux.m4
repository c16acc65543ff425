divert(-1)
#
# OSTYPE(`linux'): local delivery through procmail, as Linux systems do.
#
define(`_gs_os_linux', 1)
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/sbin')')
ifdef(`PROCMAIL_MAILER_PATH', `', `define(`PROCMAIL_MAILER_PATH', `/usr/bin/procmail')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', PROCMAIL_MAILER_PATH)')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `SPfhn9')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `procmail -a $h -d $u')')
