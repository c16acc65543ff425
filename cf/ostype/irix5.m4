divert(-1)
#
# OSTYPE(`irix5'): SGI IRIX 5: /bin/mail -s, ISO 8859-1 for 8-bit mail;
# the default user is uid 998.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
# the time zone of the environment (TZ)
ifdef(`confTIME_ZONE', `', `define(`confTIME_ZONE', `USE_TZ')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `Ehmu9')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `mail -s -d $u')')
ifdef(`LOCAL_MAILER_CHARSET', `', `define(`LOCAL_MAILER_CHARSET', `iso-8859-1')')
ifdef(`STATUS_FILE', `', `define(`STATUS_FILE', `/var/sendmail.st')')
ifdef(`confDEF_USER_ID', `', `define(`confDEF_USER_ID', `998:998')')
