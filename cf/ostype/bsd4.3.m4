divert(-1)
#
# OSTYPE(`bsd4.3'): 4.3BSD: the old spool directory.
#
ifdef(`QUEUE_DIR', `', `define(`QUEUE_DIR', `/usr/spool/mqueue')')
