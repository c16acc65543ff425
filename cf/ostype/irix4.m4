divert(-1)
#
# OSTYPE(`irix4'): SGI IRIX 4: /bin/mail; old spool directory.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
ifdef(`QUEUE_DIR', `', `define(`QUEUE_DIR', `/usr/spool/mqueue')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `Ehm9')')
