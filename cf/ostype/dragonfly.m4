divert(-1)
#
# OSTYPE(`dragonfly'): DragonFly BSD: mail.local delivers; uux from
# packages.
#
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/libexec/mail.local')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `Prmn9S')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `mail $u')')
ifdef(`STATUS_FILE', `', `define(`STATUS_FILE', `/var/log/sendmail.st')')
ifdef(`UUCP_MAILER_PATH', `', `define(`UUCP_MAILER_PATH', `/usr/local/bin/uux')')
