divert(-1)
#
# MAILER(`xagent'): hands mail to an external agent program (xagent),
# through the numbered rulesets 11/31 and 21/31 a site defines for it.
# XAGENT_MAILER_PATH, _FLAGS (the whole set), _ARGS and _MAX change
# it.
#
ifdef(`XAGENT_MAILER_PATH', `', `define(`XAGENT_MAILER_PATH', `/usr/lib/xagent')')
ifdef(`XAGENT_MAILER_FLAGS', `', `define(`XAGENT_MAILER_FLAGS', `DFMueXLn')')
ifdef(`XAGENT_MAILER_ARGS', `', `define(`XAGENT_MAILER_ARGS', `xagent $h $u')')
_gs_pushdiv(30)dnl
Mxagent,	P=XAGENT_MAILER_PATH, F=_gs_flags(`XAGENT', defn(`XAGENT_MAILER_FLAGS')), S=11/31, R=21/31,ifdef(`XAGENT_MAILER_MAX', ` M=XAGENT_MAILER_MAX,')
		T=DNS/RFC822/X-Unix,
		A=XAGENT_MAILER_ARGS, E=\n
_gs_popdiv
