divert(-1)
#
# OSTYPE(`mklinux'): MkLinux: as Linux, with the status file in
# /var/log.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/sbin')')
ifdef(`STATUS_FILE', `', `define(`STATUS_FILE', `/var/log/sendmail.st')')
ifdef(`PROCMAIL_MAILER_PATH', `', `define(`PROCMAIL_MAILER_PATH', `/usr/bin/procmail')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', PROCMAIL_MAILER_PATH)')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `SPfhn9')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `procmail -a $h -d $u')')
