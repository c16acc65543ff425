divert(-1)
#
# OSTYPE(`bsdi'): BSD/OS: mail.local delivers; status file in /var/log.
#
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/libexec/mail.local')')
ifdef(`STATUS_FILE', `', `define(`STATUS_FILE', `/var/log/sendmail.st')')
