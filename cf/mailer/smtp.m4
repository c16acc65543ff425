divert(-1)
#
# MAILER(`smtp'): the SMTP mailers -- smtp (plain SMTP), esmtp (extended
# SMTP), smtp8 (8-bit data to hosts that do not say so), dsmtp (on-demand
# delivery with ETRN) and relay (to a smart host or hub). SMTP_MAILER_FLAGS,
# _MAX, _MAXMSGS, _MAXRCPTS, _CHARSET and _LL apply to the first four,
# RELAY_MAILER_FLAGS (SMTP_MAILER_FLAGS when not set), _MAXMSGS, _CHARSET
# and _LL to relay, which shares SMTP_MAILER_MAXRCPTS; each mailer has its
# own NAME_MAILER_ARGS and NAME_MAILER_QGRP.
#
ifdef(`SMTP_MAILER_ARGS', `', `define(`SMTP_MAILER_ARGS', `TCP $h')')
ifdef(`ESMTP_MAILER_ARGS', `', `define(`ESMTP_MAILER_ARGS', `TCP $h')')
ifdef(`SMTP8_MAILER_ARGS', `', `define(`SMTP8_MAILER_ARGS', `TCP $h')')
ifdef(`DSMTP_MAILER_ARGS', `', `define(`DSMTP_MAILER_ARGS', `TCP $h')')
ifdef(`RELAY_MAILER_ARGS', `', `define(`RELAY_MAILER_ARGS', `TCP $h')')
ifdef(`SMTP_MAILER_LL', `', `define(`SMTP_MAILER_LL', `990')')
ifdef(`RELAY_MAILER_LL', `', `define(`RELAY_MAILER_LL', `2040')')
# header recipients are masqueraded too with allmasquerade
define(`_gs_smtp_r', ifdef(`_gs_feature_allmasquerade', `EnvToSMTP/HdrFromSMTP', `EnvToSMTP'))
define(`_gs_relay_r', ifdef(`_gs_feature_allmasquerade', `MasqSMTP/MasqRelay', `MasqSMTP'))
# $1: the mailer's name in upper case, for its own queue group
define(`_gs_smtp_common', `ifdef(`SMTP_MAILER_MAX', ` M=SMTP_MAILER_MAX,')ifdef(`SMTP_MAILER_MAXMSGS', ` m=SMTP_MAILER_MAXMSGS,')ifdef(`SMTP_MAILER_MAXRCPTS', ` r=SMTP_MAILER_MAXRCPTS,')ifdef(`SMTP_MAILER_CHARSET', ` C=SMTP_MAILER_CHARSET,')ifdef(`$1_MAILER_QGRP', ` Q='defn(`$1_MAILER_QGRP')`,')')
define(`_gs_smtp_flags', `_gs_flags(`$1', `mDFMuX'ifdef(`SMTP_MAILER_FLAGS', `SMTP_MAILER_FLAGS')`$2')')
_gs_pushdiv(30)dnl
Msmtp,		P=[IPC], F=_gs_smtp_flags(`SMTP', `'), S=EnvFromSMTP/HdrFromSMTP, R=_gs_smtp_r, E=\r\n, L=SMTP_MAILER_LL,_gs_smtp_common(`SMTP')
		T=DNS/RFC822/SMTP,
		A=SMTP_MAILER_ARGS
Mesmtp,		P=[IPC], F=_gs_smtp_flags(`ESMTP', `a'), S=EnvFromSMTP/HdrFromSMTP, R=_gs_smtp_r, E=\r\n, L=SMTP_MAILER_LL,_gs_smtp_common(`ESMTP')
		T=DNS/RFC822/SMTP,
		A=ESMTP_MAILER_ARGS
Msmtp8,		P=[IPC], F=_gs_smtp_flags(`SMTP8', `8'), S=EnvFromSMTP/HdrFromSMTP, R=_gs_smtp_r, E=\r\n, L=SMTP_MAILER_LL,_gs_smtp_common(`SMTP8')
		T=DNS/RFC822/SMTP,
		A=SMTP8_MAILER_ARGS
Mdsmtp,		P=[IPC], F=_gs_smtp_flags(`DSMTP', `a%'), S=EnvFromSMTP/HdrFromSMTP, R=_gs_smtp_r, E=\r\n, L=SMTP_MAILER_LL,_gs_smtp_common(`DSMTP')
		T=DNS/RFC822/SMTP,
		A=DSMTP_MAILER_ARGS
Mrelay,		P=[IPC], F=_gs_flags(`RELAY', `mDFMuXa8'ifdef(`RELAY_MAILER_FLAGS', `RELAY_MAILER_FLAGS', `ifdef(`SMTP_MAILER_FLAGS', `SMTP_MAILER_FLAGS')')), S=EnvFromSMTP/HdrFromSMTP, R=_gs_relay_r, E=\r\n, L=RELAY_MAILER_LL,ifdef(`RELAY_MAILER_MAXMSGS', ` m=RELAY_MAILER_MAXMSGS,')ifdef(`SMTP_MAILER_MAXRCPTS', ` r=SMTP_MAILER_MAXRCPTS,')ifdef(`RELAY_MAILER_CHARSET', ` C=RELAY_MAILER_CHARSET,')ifdef(`RELAY_MAILER_QGRP', ` Q=RELAY_MAILER_QGRP,')
		T=DNS/RFC822/SMTP,
		A=RELAY_MAILER_ARGS
_gs_popdiv
