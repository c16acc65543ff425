divert(-1)
#
# MAILER(`cyrus'): the cyrus mailer delivers to a Cyrus IMAP user's
# mailbox (user+detail to the "detail" folder where its ACL allows),
# cyrusbb to a shared (bulletin board) mailbox; give it after
# MAILER(`local'). CYRUS_MAILER_PATH, _FLAGS (added to lsDFMnPq), _ARGS,
# _MAX, _USER and _QGRP, and CYRUS_BB_MAILER_FLAGS (added to lsDFMnP) and
# _ARGS change them; MODIFY_MAILER_FLAGS(`CYRUS' or `CYRUS_BB', ...) edits
# the flags.
#
ifdef(`CYRUS_MAILER_PATH', `', `define(`CYRUS_MAILER_PATH', `/usr/sbin/cyrdeliver')')
ifdef(`CYRUS_MAILER_FLAGS', `', `define(`CYRUS_MAILER_FLAGS', `Ah5@/:|')')
ifdef(`CYRUS_MAILER_ARGS', `', `define(`CYRUS_MAILER_ARGS', `cyrdeliver -e -m $h -- $u')')
ifdef(`CYRUS_MAILER_USER', `', `define(`CYRUS_MAILER_USER', `cyrus:mail')')
ifdef(`CYRUS_BB_MAILER_FLAGS', `', `define(`CYRUS_BB_MAILER_FLAGS', `u')')
ifdef(`CYRUS_BB_MAILER_ARGS', `', `define(`CYRUS_BB_MAILER_ARGS', `cyrdeliver -e -m $u')')
define(`_gs_cyrus_common', `ifdef(`CYRUS_MAILER_MAX', ` M=CYRUS_MAILER_MAX,') U=CYRUS_MAILER_USER,ifdef(`CYRUS_MAILER_QGRP', ` Q=CYRUS_MAILER_QGRP,')')
_gs_pushdiv(30)dnl
Mcyrus,		P=CYRUS_MAILER_PATH, F=_gs_flags(`CYRUS', `lsDFMnPq'defn(`CYRUS_MAILER_FLAGS')), S=EnvFromL, R=EnvToL/HdrToL,_gs_cyrus_common
		T=DNS/RFC822/X-Unix,
		A=CYRUS_MAILER_ARGS
Mcyrusbb,	P=CYRUS_MAILER_PATH, F=_gs_flags(`CYRUS_BB', `lsDFMnP'defn(`CYRUS_BB_MAILER_FLAGS')), S=EnvFromL, R=EnvToL/HdrToL,_gs_cyrus_common
		T=DNS/RFC822/X-Unix,
		A=CYRUS_BB_MAILER_ARGS
_gs_popdiv
