divert(-1)
#
# OSTYPE(`domainos'): Apollo Domain/OS: the old spool directory.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
ifdef(`QUEUE_DIR', `', `define(`QUEUE_DIR', `/usr/spool/mqueue')')
