divert(-1)
#
# OSTYPE(`powerux'): Concurrent PowerUX: rmail delivers; tools in
# /usr/local/lib.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/local/lib')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/bin/rmail')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `mn9')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `rmail $u')')
ifdef(`LOCAL_SHELL_FLAGS', `', `define(`LOCAL_SHELL_FLAGS', `ehuP')')
