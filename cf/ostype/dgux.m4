divert(-1)
#
# OSTYPE(`dgux'): Data General DG/UX: /bin/mail, told to act as the
# local delivery agent through the environment.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
# the time zone of the environment (TZ)
ifdef(`confTIME_ZONE', `', `define(`confTIME_ZONE', `USE_TZ')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `m9')')
_gs_put(24, `E_FORCE_MAIL_LOCAL_=yes')
