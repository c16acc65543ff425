divert(-1)
#
# OSTYPE(`solaris2.ml'): Solaris 2 with mail.local: as solaris2.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/lib/mail.local')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `fSmn9')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `mail.local -d $u')')
