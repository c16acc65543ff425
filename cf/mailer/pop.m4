divert(-1)
#
# MAILER(`pop'): mail to user@POP is handed to the POP server's spool
# program. POP is one of the pseudo-domains (class P). POP_MAILER_PATH,
# _FLAGS (added to lsDFMq), _ARGS and _QGRP change it;
# MODIFY_MAILER_FLAGS(`POP', ...) edits the flags.
#
ifdef(`POP_MAILER_PATH', `', `define(`POP_MAILER_PATH', `/usr/lib/mh/spop')')
ifdef(`POP_MAILER_FLAGS', `', `define(`POP_MAILER_FLAGS', `Penu')')
ifdef(`POP_MAILER_ARGS', `', `define(`POP_MAILER_ARGS', `pop $u')')
_gs_class(`P', `POP')
# in ParseLocal, as usenet.m4 says
_gs_put(12, `R$+ < @ POP. >		$#pop $: $1			user@POP')
_gs_pushdiv(30)dnl
Mpop,		P=POP_MAILER_PATH, F=_gs_flags(`POP', `lsDFMq'defn(`POP_MAILER_FLAGS')), S=EnvFromL, R=EnvToL/HdrToL,ifdef(`POP_MAILER_QGRP', ` Q=POP_MAILER_QGRP,')
		T=DNS/RFC822/X-Unix,
		A=POP_MAILER_ARGS
_gs_popdiv
