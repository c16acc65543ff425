divert(-1)
#
# OSTYPE(`svr4'): System V Release 4: the BSD-compatible binmail
# delivers.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/ucblib')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/ucblib/binmail')')
ifdef(`LOCAL_SHELL_FLAGS', `', `define(`LOCAL_SHELL_FLAGS', `ehuP')')
