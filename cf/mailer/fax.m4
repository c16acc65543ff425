divert(-1)
#
# MAILER(`fax'): mail to user@number.FAX goes to a fax gateway program
# (HylaFAX's faxmail). FAX is one of the pseudo-domains (class P).
# FAX_MAILER_PATH, _ARGS, _MAX and _QGRP change it; its flags are fixed.
#
ifdef(`FAX_MAILER_PATH', `', `define(`FAX_MAILER_PATH', `/usr/bin/faxmail')')
ifdef(`FAX_MAILER_ARGS', `', `define(`FAX_MAILER_ARGS', `faxmail -d $u@$h $f')')
ifdef(`FAX_MAILER_MAX', `', `define(`FAX_MAILER_MAX', `100000')')
_gs_class(`P', `FAX')
# in ParseLocal, as usenet.m4 says
_gs_put(12, `R$+ < @ $+ .FAX. >	$#fax $@ $2 $: $1		user@number.FAX')
_gs_pushdiv(30)dnl
Mfax,		P=FAX_MAILER_PATH, F=DFMhu, S=14, R=24, M=FAX_MAILER_MAX,ifdef(`FAX_MAILER_QGRP', ` Q=FAX_MAILER_QGRP,')
		T=X-Phone/X-FAX/X-Unix,
		A=FAX_MAILER_ARGS
_gs_popdiv
