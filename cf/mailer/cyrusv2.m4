divert(-1)
#
# MAILER(`cyrusv2'): delivery to Cyrus IMAP 2 users over LMTP, on the
# server's socket by default (user+detail to the "detail" folder where
# its ACL allows); give it after MAILER(`local'). CYRUSV2_MAILER_FLAGS
# (added to lsDFMnqXz), _ARGS ("FILE socket" or "TCP $h lmtp"), _MAXMSGS,
# _MAXRCPTS, _CHARSET and _QGRP change it; MODIFY_MAILER_FLAGS(`CYRUSV2',
# ...) edits the flags.
#
ifdef(`CYRUSV2_MAILER_FLAGS', `', `define(`CYRUSV2_MAILER_FLAGS', `A@/:|m')')
ifdef(`CYRUSV2_MAILER_ARGS', `', `define(`CYRUSV2_MAILER_ARGS', `FILE /var/run/cyrus/socket/lmtp')')
_gs_pushdiv(30)dnl
Mcyrusv2,	P=[IPC], F=_gs_flags(`CYRUSV2', `lsDFMnqXz'defn(`CYRUSV2_MAILER_FLAGS')), S=EnvFromSMTP/HdrFromL, R=EnvToL/HdrToL, E=\r\n,ifdef(`CYRUSV2_MAILER_MAXMSGS', ` m=CYRUSV2_MAILER_MAXMSGS,')ifdef(`CYRUSV2_MAILER_MAXRCPTS', ` r=CYRUSV2_MAILER_MAXRCPTS,')ifdef(`CYRUSV2_MAILER_CHARSET', ` C=CYRUSV2_MAILER_CHARSET,')ifdef(`CYRUSV2_MAILER_QGRP', ` Q=CYRUSV2_MAILER_QGRP,')
		T=DNS/RFC822/SMTP,
		A=CYRUSV2_MAILER_ARGS
_gs_popdiv
