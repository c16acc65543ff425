divert(-1)
#
# MAILER(`usenet'): mail to "group.name.USENET" is posted to that
# newsgroup with inews, both for a bare name and for one at one of our
# host names. USENET_MAILER_PATH, _FLAGS (the whole set), _ARGS (the
# command without the recipient), _MAX and _QGRP change it;
# MODIFY_MAILER_FLAGS(`USENET', ...) edits the flags.
#
ifdef(`USENET_MAILER_PATH', `', `define(`USENET_MAILER_PATH', `/usr/lib/news/inews')')
ifdef(`USENET_MAILER_FLAGS', `', `define(`USENET_MAILER_FLAGS', `rsDFMmn')')
ifdef(`USENET_MAILER_ARGS', `', `define(`USENET_MAILER_ARGS', `inews -m -h -n')')
# The rules go to ParseLocal, which parse (0) calls before Parse1, so
# they come before the site's own LOCAL_RULE_0 rules given after the
# MAILER line (sendmail's cf puts them in Parse1, after those).
_gs_put(12, `R$+ . USENET < @ $=w . >	$#usenet $@ usenet $: $1		a newsgroup at our name')
_gs_put(12, `R$+ . USENET		$#usenet $@ usenet $: $1		a newsgroup')
_gs_pushdiv(30)dnl
Musenet,	P=USENET_MAILER_PATH, F=_gs_flags(`USENET', defn(`USENET_MAILER_FLAGS')), S=EnvFromL, R=EnvToL,ifdef(`USENET_MAILER_MAX', ` M=USENET_MAILER_MAX,')ifdef(`USENET_MAILER_QGRP', ` Q=USENET_MAILER_QGRP,')
		T=X-Usenet/X-Usenet/X-Unix,
		A=USENET_MAILER_ARGS $u
_gs_popdiv
