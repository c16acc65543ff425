divert(-1)
#
# MAILER(`qpage'): QuickPage, a pager gateway, reached through mailertable
# or virtusertable entries ("qpage:pagerid"). QPAGE_MAILER_PATH, _FLAGS
# (the whole set), _ARGS, _MAX and _QGRP change it;
# MODIFY_MAILER_FLAGS(`QPAGE', ...) edits the flags.
#
ifdef(`QPAGE_MAILER_PATH', `', `define(`QPAGE_MAILER_PATH', `/usr/local/bin/qpage')')
ifdef(`QPAGE_MAILER_FLAGS', `', `define(`QPAGE_MAILER_FLAGS', `mDFMs')')
ifdef(`QPAGE_MAILER_ARGS', `', `define(`QPAGE_MAILER_ARGS', `qpage -l0 -m -P$u')')
ifdef(`QPAGE_MAILER_MAX', `', `define(`QPAGE_MAILER_MAX', `4096')')
_gs_pushdiv(30)dnl
Mqpage,		P=QPAGE_MAILER_PATH, F=_gs_flags(`QPAGE', defn(`QPAGE_MAILER_FLAGS')), M=QPAGE_MAILER_MAX,ifdef(`QPAGE_MAILER_QGRP', ` Q=QPAGE_MAILER_QGRP,')
		T=DNS/RFC822/X-Unix,
		A=QPAGE_MAILER_ARGS
_gs_popdiv
