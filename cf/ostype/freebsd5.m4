divert(-1)
#
# OSTYPE(`freebsd5'): FreeBSD 5: mail.local with LMTP-style
# arguments, procmail from ports.
#
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/libexec/mail.local')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `PrmnS9')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `mail $u')')
ifdef(`STATUS_FILE', `', `define(`STATUS_FILE', `/var/log/sendmail.st')')
ifdef(`UUCP_MAILER_PATH', `', `define(`UUCP_MAILER_PATH', `/usr/local/bin/uux')')
