divert(-1)
#
# OSTYPE(`unicos'): Cray UNICOS: files under /usr/lib; extra flags for
# the local, prog and smtp mailers.
#
ifdef(`ALIAS_FILE', `', `define(`ALIAS_FILE', `/usr/lib/aliases')')
ifdef(`HELP_FILE', `', `define(`HELP_FILE', `/usr/lib/sendmail.hf')')
ifdef(`QUEUE_DIR', `', `define(`QUEUE_DIR', `/usr/spool/mqueue')')
ifdef(`STATUS_FILE', `', `define(`STATUS_FILE', `/usr/lib/sendmail.st')')
ifdef(`confPID_FILE', `', `define(`confPID_FILE', `/etc/sendmail.pid')')
ifdef(`LOCAL_SHELL_FLAGS', `', `define(`LOCAL_SHELL_FLAGS', `pxehu')')
ifdef(`_gs_mflags_LOCAL', `', `MODIFY_MAILER_FLAGS(`LOCAL', `+aSPpmnxXu')')
ifdef(`_gs_mflags_SMTP', `', `MODIFY_MAILER_FLAGS(`SMTP', `+anpeLC')')
