divert(-1)
#
# OSTYPE(`mpeix'): HP MPE/iX: tsmail delivers; sendmail runs as
# SERVER.SENDMAIL.
#
# the time zone of the environment (TZ)
ifdef(`confTIME_ZONE', `', `define(`confTIME_ZONE', `USE_TZ')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/bin/tsmail')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `mu9')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `tsmail $u')')
ifdef(`confDEF_USER_ID', `', `define(`confDEF_USER_ID', `SERVER.SENDMAIL')')
ifdef(`confTRUSTED_USER', `', `define(`confTRUSTED_USER', `SERVER.SENDMAIL')')
ifdef(`confDONT_BLAME_SENDMAIL', `', `define(`confDONT_BLAME_SENDMAIL', `ForwardFileInGroupWritableDirPath')')
