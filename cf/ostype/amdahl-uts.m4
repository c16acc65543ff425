divert(-1)
#
# OSTYPE(`amdahl-uts'): Amdahl UTS: /bin/mail with From_ lines and no
# Return-Path.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `fSn9')')
