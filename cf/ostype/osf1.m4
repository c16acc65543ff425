divert(-1)
#
# OSTYPE(`osf1'): Digital UNIX (OSF/1): tools in /usr/lbin; runs mail as
# daemon.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lbin')')
ifdef(`STATUS_FILE', `', `define(`STATUS_FILE', `/usr/adm/sendmail/sendmail.st')')
ifdef(`confDEF_USER_ID', `', `define(`confDEF_USER_ID', `daemon')')
