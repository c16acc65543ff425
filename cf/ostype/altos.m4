divert(-1)
#
# OSTYPE(`altos'): Altos System V: lmail delivers; old spool directory.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
ifdef(`QUEUE_DIR', `', `define(`QUEUE_DIR', `/usr/spool/mqueue')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/bin/lmail')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `mPuhCE9')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `lmail $u')')
ifdef(`LOCAL_SHELL_FLAGS', `', `define(`LOCAL_SHELL_FLAGS', `Peu')')
