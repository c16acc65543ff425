divert(-1)
#
# MAILER(`phquery'): the "ph" mailer, which looks recipients up in a CCSO
# name server with phquery; reached through mailertable or virtusertable
# entries. PH_MAILER_PATH, _FLAGS (added to nrDFM), _ARGS and _QGRP change
# it; MODIFY_MAILER_FLAGS(`PH', ...) edits the flags.
#
ifdef(`PH_MAILER_PATH', `', `define(`PH_MAILER_PATH', `/usr/local/etc/phquery')')
ifdef(`PH_MAILER_FLAGS', `', `define(`PH_MAILER_FLAGS', `ehmu')')
ifdef(`PH_MAILER_ARGS', `', `define(`PH_MAILER_ARGS', `phquery -- $u')')
_gs_pushdiv(30)dnl
Mph,		P=PH_MAILER_PATH, F=_gs_flags(`PH', `nrDFM'defn(`PH_MAILER_FLAGS')), S=EnvFromL, R=EnvToL/HdrToL,ifdef(`PH_MAILER_QGRP', ` Q=PH_MAILER_QGRP,')
		T=DNS/RFC822/X-Unix,
		A=PH_MAILER_ARGS
_gs_popdiv
