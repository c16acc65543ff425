divert(-1)
#
# gosendmail cf library: rulesets sendmail calls around the SMTP session
# rather than for one address -- greet_pause, the connection limits
# (RateControl, ConnControl), authinfo and check_compat -- each written
# only when the feature that needs it is on.
#
divert(0)dnl
ifdef(`_gs_feature_greet_pause', `
# greet_pause: "client_name $| client_addr" -> $# milliseconds to wait
# before the greeting.
SLocal_greet_pause
Sgreet_pause
R$*			$: < $1 > <?> $| $>"Local_greet_pause" $1
R< $* > <?> $| $#$*	$#$2				the hook decides
R< $* > <?> $| $*	$: $1
ifdef(`_gs_feature_access_db', `dnl
R$+ $| $+		$: $>AccessHost < $1 > < ? > < ! GreetPause > < $2 >
R   $| $+		$: $>AccessAddr < $1 > < ? > < ! GreetPause > < >	no client name
R< ? > < $+ >		$: $>AccessAddr < $1 > < ? > < ! GreetPause > < >
R< ? > < $* >		ifelse(defn(`_gs_greet_pause'), `', `$@', `$# '_gs_greet_pause)	the default
R< $* <TMPF> > < $* >	$@				lookup failed: no pause
R< $+ > < $* >		$# $1
', `dnl
R$*			$# _gs_greet_pause
')')dnl
ifdef(`_gs_feature_ratecontrol', `
# RateControl: the client may open ClientRate: connections per window.
SRateControl
R$*			$: $>SearchList < ! ClientRate > $| < A : $&{client_addr} > < E : > < >
R< ? >			$@ OK
R< $* <TMPF> >		$#error $@ 4.3.0 $: "451 Temporary system failure. Please try again later."
R< 0 >			$@ OK				no limit
R< $+ >			$: < $1 > $| $(arith l $@ $1 $@ $&{client_rate} $)
R< $+ > $| TRUE		$#error $@ 4.3.2 $: _gs_rate_code Connection rate limit exceeded.
')dnl
ifdef(`_gs_feature_conncontrol', `
# ConnControl: the client may hold ClientConn: connections open at once.
SConnControl
R$*			$: $>SearchList < ! ClientConn > $| < A : $&{client_addr} > < E : > < >
R< ? >			$@ OK
R< $* <TMPF> >		$#error $@ 4.3.0 $: "451 Temporary system failure. Please try again later."
R< 0 >			$@ OK				no limit
R< $+ >			$: < $1 > $| $(arith l $@ $1 $@ $&{client_connections} $)
R< $+ > $| TRUE		$#error $@ 4.3.2 $: _gs_conn_code Too many open connections.
')dnl
ifdef(`_gs_feature_authinfo', `
# authinfo: the SMTP AUTH client credentials for ${server_name}, else for
# ${server_addr}, else the default entry.
Sauthinfo
R$*			$: < $(authinfo AuthInfo:$&{server_name} $: ? $) >
R< ? >			$: < $(authinfo AuthInfo:$&{server_addr} $: ? $) >
R< ? >			$: < $(authinfo AuthInfo: $: ? $) >
R< ? >			$@ no				nothing known
R< $* >			$# $1
')dnl
ifdef(`_gs_feature_compat_check', `
# check_compat: "sender $| recipient" -> the access map`'s Compat: answer.
Scheck_compat
R< $+ > $| $+		$: $1 $| $2
R$+ $| < $+ >		$: $1 $| $2
R$+ $| $+		$: < $(access Compat:$1<@>$2 $: OK $) >
R$* $| $*		$@ ok				not a pair
R< DISCARD : $* >	$#discard $: $1 " - discarded by check_compat"
R< DISCARD $* >		$#discard $: $1 " - discarded by check_compat"
R< TEMP : $* >		$#error $@ TEMPFAIL $: $1 " error from check_compat. Try again later"
R< ERROR : $* >		$#error $@ UNAVAILABLE $: $1 " error from check_compat"
')dnl
ifdef(`_gs_feature_queuegroup', `
# queuegroup: a recipient -> $# its queue group (QGRP: in the access map).
Squeuegroup
R< $+ >			$1
R$+ @ $+		$: $>SearchList <! QGRP> $| <F:$1@$2> <D:$2> <>
R< ? >			ifelse(defn(`_gs_queuegroup'), `', `$@', `$# '_gs_queuegroup)
R< $+ >			$# $1
')dnl
ifdef(`_gs_feature_check_other', `
# check_other: "command $| first digit of the reply" for commands without
# a ruleset of their own; a refused command matching badcmd ends the session.
Scheck_other
R$* $| 2		$@ ok				accepted: nothing to say
R$+ $| 5		$: $(badcmd $1 $)
R$* <BADCMD>		$#error $@ 4.7.0 $: 421 bad command
')dnl
