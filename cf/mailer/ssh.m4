divert(-1)
#
# MAILER(`ssh'): SMTP carried over ssh: the mailer logs in to the host as
# SSH_MAILER_USER, from the directory SSH_MAILER_DIR (both required), and
# speaks SMTP to the sendmail -bs it starts there. SSH_MAILER_PATH,
# _FLAGS (added to mDFMuX), _ARGS, _MAX and _QGRP change it;
# MODIFY_MAILER_FLAGS(`SSH', ...) edits the flags.
#
ifdef(`SSH_MAILER_USER', `', `_gs_err(`MAILER(`ssh') needs SSH_MAILER_USER, the user it logs in as, defined before it')')
ifdef(`SSH_MAILER_DIR', `', `_gs_err(`MAILER(`ssh') needs SSH_MAILER_DIR, the directory it runs in, defined before it')')
ifdef(`SSH_MAILER_PATH', `', `define(`SSH_MAILER_PATH', `/usr/bin/ssh')')
ifdef(`SSH_MAILER_ARGS', `', `define(`SSH_MAILER_ARGS', `ssh -o BatchMode=yes -o EscapeChar=none  -- $h /usr/sbin/sendmail -bs')')
_gs_pushdiv(30)dnl
Mssh,		P=SSH_MAILER_PATH, F=_gs_flags(`SSH', `mDFMuX'ifdef(`SSH_MAILER_FLAGS', `defn(`SSH_MAILER_FLAGS')')), S=EnvFromSMTP/HdrFromSMTP, R=EnvToSMTP, E=\r\n, L=990,ifdef(`SSH_MAILER_MAX', ` M=SSH_MAILER_MAX,')ifdef(`SSH_MAILER_QGRP', ` Q=SSH_MAILER_QGRP,')
		T=DNS/RFC822/SMTP, U=SSH_MAILER_USER, D=SSH_MAILER_DIR,
		A=SSH_MAILER_ARGS
_gs_popdiv
