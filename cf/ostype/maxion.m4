divert(-1)
#
# OSTYPE(`maxion'): Concurrent MAXION: /usr/bin/mail; programs read
# their own From line.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/ucblib')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/bin/mail')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `mail $u')')
ifdef(`LOCAL_SHELL_FLAGS', `', `define(`LOCAL_SHELL_FLAGS', `ehuP')')
ifdef(`STATUS_FILE', `', `define(`STATUS_FILE', `/var/adm/log/sendmail.st')')
