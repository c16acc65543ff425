divert(-1)
#
# MAILER(`procmail'): hand mail to procmail with a mailertable value as
# its rc file ("procmail:/etc/procmailrcs/x"). PROCMAIL_MAILER_PATH,
# _FLAGS, _ARGS, _MAX and _QGRP change it.
#
ifdef(`PROCMAIL_MAILER_PATH', `', `define(`PROCMAIL_MAILER_PATH', ifdef(`PROCMAIL_PATH', `PROCMAIL_PATH', `/usr/local/bin/procmail'))')
ifdef(`PROCMAIL_MAILER_FLAGS', `', `define(`PROCMAIL_MAILER_FLAGS', `SPhnu9')')
ifdef(`PROCMAIL_MAILER_ARGS', `', `define(`PROCMAIL_MAILER_ARGS', `procmail -Y -m $h $f $u')')
_gs_pushdiv(30)dnl
Mprocmail,	P=PROCMAIL_MAILER_PATH, F=_gs_flags(`PROCMAIL', `DFM'PROCMAIL_MAILER_FLAGS), S=EnvFromSMTP/HdrFromSMTP, R=EnvToSMTP/HdrFromSMTP,ifdef(`PROCMAIL_MAILER_MAX', ` M=PROCMAIL_MAILER_MAX,')ifdef(`PROCMAIL_MAILER_QGRP', ` Q=PROCMAIL_MAILER_QGRP,')
		T=DNS/RFC822/X-Unix,
		A=PROCMAIL_MAILER_ARGS
_gs_popdiv
