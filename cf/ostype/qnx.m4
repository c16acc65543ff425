divert(-1)
#
# OSTYPE(`qnx'): QNX: mailx delivers; old spool directory.
#
ifdef(`QUEUE_DIR', `', `define(`QUEUE_DIR', `/usr/spool/mqueue')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/bin/mailx')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `Sh')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `mail $u')')
