divert(-1)
#
# MAILER(`local'): delivery to local mailboxes (local) and to programs
# (prog). The OSTYPE gives the defaults; a .mc may set LOCAL_MAILER_PATH,
# _FLAGS, _ARGS, _MAX, _MAXMSGS, _CHARSET, _DSN_DIAGNOSTIC_CODE, _EOL,
# _QGRP and LOCAL_SHELL_PATH, _FLAGS, _ARGS, _DIR before MAILER(`local').
# _gs_local_lmtp (an OSTYPE or FEATURE whose local mailer speaks LMTP)
# gives it the envelope sender in SMTP form.
#
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/bin/mail')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `Prmn9')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `mail -d $u')')
ifdef(`LOCAL_MAILER_DSN_DIAGNOSTIC_CODE', `', `define(`LOCAL_MAILER_DSN_DIAGNOSTIC_CODE', `X-Unix')')
ifdef(`LOCAL_SHELL_PATH', `', `define(`LOCAL_SHELL_PATH', `/bin/sh')')
ifdef(`LOCAL_SHELL_FLAGS', `', `define(`LOCAL_SHELL_FLAGS', `eu9')')
ifdef(`LOCAL_SHELL_ARGS', `', `define(`LOCAL_SHELL_ARGS', `sh -c $u')')
ifdef(`LOCAL_SHELL_DIR', `', `define(`LOCAL_SHELL_DIR', `$z:/')')
# the local mailer's own flags come first; a nullclient forwards
# everything, so its local mailer needs no alias, file or program flags.
define(`_gs_local_base', ifdef(`_gs_nullclient', `lsDFM5q', `lsDFMAw5:/|@q'))
_gs_pushdiv(30)dnl
Mlocal,		P=LOCAL_MAILER_PATH, F=_gs_flags(`LOCAL', defn(`_gs_local_base')`'LOCAL_MAILER_FLAGS), S=ifdef(`_gs_local_lmtp', `EnvFromSMTP', `EnvFromL')/HdrFromL, R=EnvToL/HdrToL,ifdef(`LOCAL_MAILER_EOL', ` E=LOCAL_MAILER_EOL,')ifdef(`LOCAL_MAILER_MAX', ` M=LOCAL_MAILER_MAX,')ifdef(`LOCAL_MAILER_MAXMSGS', ` m=LOCAL_MAILER_MAXMSGS,')ifdef(`LOCAL_MAILER_QGRP', ` Q=LOCAL_MAILER_QGRP,')ifdef(`LOCAL_MAILER_CHARSET', ` C=LOCAL_MAILER_CHARSET,')
		T=DNS/RFC822/LOCAL_MAILER_DSN_DIAGNOSTIC_CODE,
		A=LOCAL_MAILER_ARGS
Mprog,		P=LOCAL_SHELL_PATH, F=_gs_flags(`SHELL', `lsDFMoq'LOCAL_SHELL_FLAGS), S=EnvFromL/HdrFromL, R=EnvToL/HdrToL, D=LOCAL_SHELL_DIR,ifdef(`LOCAL_MAILER_MAX', ` M=LOCAL_MAILER_MAX,')ifdef(`LOCAL_PROG_QGRP', ` Q=LOCAL_PROG_QGRP,')
		T=X-Unix/X-Unix/X-Unix,
		A=LOCAL_SHELL_ARGS
_gs_popdiv
