divert(-1)
#
# OSTYPE(`solaris2'): Solaris 2 (SunOS 5) before Solaris 8: mail.local
# delivers.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/lib/mail.local')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `fSmn9')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `mail.local -d $u')')
