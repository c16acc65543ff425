divert(-1)
#
# OSTYPE(`riscos4.5'): MIPS RISC/os 4.5: rmail; old spool directory.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
ifdef(`QUEUE_DIR', `', `define(`QUEUE_DIR', `/usr/spool/mqueue')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `rmail -d $u')')
