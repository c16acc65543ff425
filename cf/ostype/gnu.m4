divert(-1)
#
# OSTYPE(`gnu'): GNU (the Hurd): mail.local in /libexec.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/libexec')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/libexec/mail.local')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `mail $u')')
ifdef(`STATUS_FILE', `', `define(`STATUS_FILE', `/var/log/sendmail.st')')
