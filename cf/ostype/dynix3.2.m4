divert(-1)
#
# OSTYPE(`dynix3.2'): Sequent DYNIX 3.2: the old spool directory.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
ifdef(`QUEUE_DIR', `', `define(`QUEUE_DIR', `/usr/spool/mqueue')')
