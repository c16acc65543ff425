divert(-1)
#
# OSTYPE(`uxpds'): Fujitsu UXP/DS: as System V Release 4.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/ucblib')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/ucblib/binmail')')
ifdef(`LOCAL_SHELL_FLAGS', `', `define(`LOCAL_SHELL_FLAGS', `ehuP')')
