divert(-1)
#
# OSTYPE(`solaris2.pre5'): Solaris 2 before 2.5: /bin/mail, told the
# sender with -f.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `SnE9')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `mail -f $g -d $u')')
