divert(-1)
#
# OSTYPE(`sinix'): Siemens SINIX: mail.local in /bin, tools in
# /usr/ucblib.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/ucblib')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/bin/mail.local')')
ifdef(`STATUS_FILE', `', `define(`STATUS_FILE', `/var/sendmail.st')')
