divert(-1)
#
# gosendmail cf library: routing -- ParseLocal (local rule 0), Parse1 (the
# mailer triple), localaddr (5, local recipients after aliasing), the
# mailertable search, "mailer:host" values, and the masquerading rulesets.
#
divert(0)dnl

# ParseLocal: the site's own parsing rules (local rule 0).
SParseLocal=98
undivert(12)dnl

# Parse1: choose the mailer for a canonical address.
SParse1
R$* < @ [ $+ ] > $*	$: $>ParseLocal $1 < @ [ $2 ] > $3	address literal:
R$* < @ [ $+ ] > $*	$: $1 < @ [ $2 ] : $S > $3		  via the smart
R$* < @ [ $+ ] : > $*		$#confSMTP_MAILER $@ [$2] $: $1 < @ [$2] > $3
R$* < @ [ $+ ] : $- : $*> $*	$#$3 $@ $4 $: $1 < @ [$2] > $5	  host if any
R$* < @ [ $+ ] : $+ > $*	$#confSMTP_MAILER $@ $3 $: $1 < @ [$2] > $4
ifdef(`_gs_feature_virtusertable', `dnl
R$+			$: $>Virtuser $1		virtual users
R< error : $-.$-.$- : $+ > $*	$#error $@ $1.$2.$3 $: $4
R< error : $- $+ > $*	$#error $@ $(dequote $1 $) $: $2
R< $+ > $+ < @ $+ >	$: $>Recurse $1
')dnl
ifdef(`_gs_feature_ldap_routing', `dnl
R$+ < @ $+ . >		$: $>LDAPRoute $1 < @ $2 . >
')dnl
ifdef(`_gs_feature_redirect', `dnl
R$* < @ $+ .REDIRECT. >	$: $1 < @ $2 . REDIRECT . > < ${opMode} >
R$* < @ $+ .REDIRECT. > <i>	$: $1 < @ $2 . REDIRECT. >
R$* < @ $+ .REDIRECT. > < $- >	$#error $@ 5.1.1 $: "551 User has moved; please try " <$1@$2>
')dnl
ifdef(`_gs_feature_stickyhost', `ifdef(`MAIL_HUB', `dnl
R$+ < @ $=w . >		$: < $H > $1 < @ $2 . >		user@us goes to the hub
R< > $+ < @ $=w . >	$#confLOCAL_MAILER $: $1
R< $+ > $+		$@ $>MailerToTriple < $1 > $2
')')dnl
R$=L < @ $=w . >	$#confLOCAL_MAILER $: @ $1	local-only users stay here
ifdef(`_gs_feature_stickyhost', `ifdef(`MAIL_HUB', `', `dnl
R$+ + $* < @ $=w . >	$#confLOCAL_MAILER $: $1 + $2
R$+ < @ $=w . >		$#confLOCAL_MAILER $: @ $1		sticky: no ruleset 5, no relay
')')dnl
R$+ < @ $=w . >		$#confLOCAL_MAILER $: $1		one of our names
ifdef(`_gs_feature_bestmx_is_local', `dnl
ifdef(`_gs_bestmx_limited', `dnl
R$+ < @ $* $=B . > $*	$: < $(bestmx $2 $3 . $: ? $) > $1 < @ $2 $3 . > $4	best MX: us?
', `dnl
R$+ < @ $+ > $*		$: < $(bestmx $2 $: ? $) > $1 < @ $2 > $3	best MX: us?
')dnl
R< $=w . > $* $=O $* < @ $+ > $*	$@ $>Recurse $2 $3 $4		yes, and routed on
R< $=w . > $+ < @ $+ > $*	$@ $>CanonLocal < $2 >		yes: a local user
R< $* > $+		$: $2
')dnl
ifdef(`_gs_local_net', `dnl
# local network rules from the .mc
undivert(11)dnl
')dnl
ifdef(`_gs_feature_mailertable', `dnl
R$* < @ $+ > $*		$: < $2 > $1 < @ $2 > $3	the domain,
R< $+ . > $*		$: < $1 > $2			  without its dot
R< $+ > $*		$: $>Mailertable < $1 > $2	  in the mailertable
')dnl
R$* < @ $* > $*		$: $>MailerToTriple < $S > $1 < @ $2 > $3	smart host
R$* < @ $* > $*		$#confSMTP_MAILER $@ $2 $: $1 < @ $2 > $3	direct
R$=L			$#confLOCAL_MAILER $: @ $1
R$+			$#confLOCAL_MAILER $: $1		local users

ifdef(`_gs_feature_virtusertable', `dnl
# Virtuser: look the address up in the virtuser table when its domain is
# ours or a virtual one; the result is "< value > address", or the address.
SVirtuser
R$+ < @ $={VirtHost} . >	$: < ? > $1 < @ $2 . >
R$+ < @ $=w . >		$: < ? > $1 < @ $2 . >
ifdef(`_gs_feature_virtuser_entire_domain', `dnl
R$+ < @ $* . $={VirtHost} . >	$: < ? > $1 < @ $2 . $3 . >
')dnl
R< ? > $+ < @ $+ . >	$: < $(virtuser $1 @ $2 $@ $1 $: ? $) > $1 < @ $2 . >
R< ? > $+ + $+ < @ $+ . >	$: < $(virtuser $1 + + @ $3 $@ $1 $@ $2 $@ +$2 $: ? $) > $1 + $2 < @ $3 . >
R< ? > $+ + $* < @ $+ . >	$: < $(virtuser $1 + * @ $3 $@ $1 $@ $2 $@ +$2 $: ? $) > $1 + $2 < @ $3 . >
R< ? > $+ + $* < @ $+ . >	$: < $(virtuser $1 @ $3 $@ $1 $@ $2 $@ +$2 $: ? $) > $1 + $2 < @ $3 . >
R< ? > $+ + $+ < @ $+ . >	$: < $(virtuser + + @ $3 $@ $1 $@ $2 $@ +$2 $: ? $) > $1 + $2 < @ $3 . >
R< ? > $+ + $* < @ $+ . >	$: < $(virtuser + * @ $3 $@ $1 $@ $2 $@ +$2 $: ? $) > $1 + $2 < @ $3 . >
R< ? > $+ + $* < @ $+ . >	$: < $(virtuser @ $3 $@ $1 $@ $2 $@ +$2 $: ! $) > $1 + $2 < @ $3 . >
R< ? > $+ < @ $+ . >	$: < $(virtuser @ $2 $@ $1 $: ? $) > $1 < @ $2 . >
R< ? > $+		$@ $1				not in the table
R< ! > $+		$@ $1
ifdef(`_gs_feature_virtuser_entire_domain', `', `')dnl
')dnl

# Mailertable: "< host > address" for a host not found as it is; try
# each parent domain as ".parent", then ".", then the smart host.
SMailertable=90
R< $+ > $*		$: < $(mailertable $1 $: ? $) > < $1 > $2	the host
R< $~[ : $* > < $+ > $*	$@ $>MailerToTriple < $1 : $2 > $4
R< ? > < $+ > $*	$@ $>MailertableParent < > < $1 > $2
R< $+ > < $+ > $*	$@ $>MailertableParent < $2 > < > $3	no mailer: the "." entry
SMailertableParent
R< $* > < $- . $+ > $*	$: < $1 $2 > < $3 > < $(mailertable . $3 $@ $1 $2 $@ $2 $: ? $) > $4
R< $* > < $+ > < $~[ : $* > $*	$@ $>MailerToTriple < $3 : $4 > $5
R< $* > < $+ > < ? > $*	$@ $>MailertableParent < $1 . > < $2 > $3
R< $* > < $+ > < $+ > $*	$: < $1 $2 > < > $4		no mailer: the "." entry
R< $* > < $* > $*	$: < $(mailertable . $@ $1 $2 $: ? $) > $3	the "." entry
R< $~[ : $* > $*	$@ $>MailerToTriple < $1 : $2 > $3
R< $* > $*		$@ $>MailerToTriple < $S > $2		else: smart host

# MailerToTriple: "< mailer:host > address" (a mailertable value, a
# smart host or a relay) becomes the mailer triple.
SMailerToTriple=95
R< > $*				$@ $1			no relay: unchanged
R< error : $-.$-.$- : $+ > $*	$#error $@ $1.$2.$3 $: $4
R< error : $- : $+ > $*		$#error $@ $(dequote $1 $) $: $2
R< error : $+ > $*		$#error $: $1
R< local : $* > $*		$>CanonLocal < $1 > $2
R< $~[ : $+ @ $+ > $*<$*>$*	$# $1 $@ $3 $: $2<@$3>	mailer:user@host
R< $~[ : $+ > $*		$# $1 $@ $2 $: $3	mailer:host
R< $=w > $*			$@ $2			a relay that is us
R< $+ > $*			$#confRELAY_MAILER $@ $1 $: $2	host only

# CanonLocal: "< user > address" for the local mailer ("local:user").
SCanonLocal
R< $* > < @ $+ > : $+		$@ $>Recurse $3
R< $* > $+ $=O $+ < @ $+ >	$@ $>Recurse $2 $3 $4
R< $* > $* < @ $* . >		$: < $1 > $2 < @ $3 >
R< > $* < @ $* > $*		$#confLOCAL_MAILER $@ $1@$2 $: $1
R< > $+				$#confLOCAL_MAILER $@ $1    $: $1
R< $+ @ $+ > $* < @ $* >	$: < $1 > $3 < @ $4 >
R< $+ > $* <@ $* > $*		$#confLOCAL_MAILER $@ $2@$3 $: $1
R< $+ > $*			$#confLOCAL_MAILER $@ $2    $: $1

# localaddr: a local recipient after aliasing ("user" or "user+detail").
SLocal_localaddr
ifdef(`_gs_msp', `dnl
R$+			$: $>ParseRecipient $1		submission: all to the MTA
R$* < @ $+ > $*		$#relay $@ ${MTAHost} $: $1 < @ $2 > $3
R$*			$#relay $@ ${MTAHost} $: $1 < @ $j >
')dnl
Slocaladdr=5
R$+			$: $1 $| $>"Local_localaddr" $1
R$+ $| $#ok		$@ $1				the hook: no change
R$+ $| $#$*		$#$2				the hook decides
R$+ $| $*		$: $1
R$+ + *			$#confLOCAL_MAILER $@ $&h $: $1	user+* (from aliases)
R$+ + $*		$#confLOCAL_MAILER $@ + $2 $: $1 + *
R$+			$: <> $1
ifdef(`LUSER_RELAY', `dnl
R< > $+ + $*		$: < ? $(user $1 $) > $1 + $2	a user of this host?
R< > $+			$: < ? $(user $1 $) > $1
R< ? $* < > > $+	$: < > $2			yes
R< ? $* > $=L $*	$: < > $2 $3			a local-only name
R< ? $* > $+		$: < $L > $2			no: the luser relay
')dnl
ifdef(`MAIL_HUB', `dnl
R< > $=L		$: < > $1			local-only user: not the hub
R< > $+			$: < $H > $1			the mail hub
')dnl
ifdef(`LOCAL_RELAY', `dnl
R< > $+			$: < $R > $1			the local relay
')dnl
R< > $+			$: < > < $1 <> $&h >		keep +detail
R< > < $+ <> + $* >	$: < > < $1 + $2 >
R< > < $+ <> $* >	$: < > < $1 >
R< > < $+ + $* > $*	   < > < $1 > + $2 $3
R< > < $+ > + $*	$#confLOCAL_MAILER $@ $2 $: @ $1
R< > < $+ >		$@ $1				unchanged
R$+			$: $1 <> $&h
R$+ <> + $*		$: $1 + $2
R$+ <> $*		$: $1
ifdef(`LUSER_RELAY', `ifdef(`_gs_feature_preserve_luser_host', `dnl
R< $L > $+		$: < $L > $1 <@> $&h		keep the recipient host
R< local : $* > $+ <@> $+	$@ $>MailerToTriple < local : $1 > $2 < @ $3 >
R< error : $* > $+ <@> $*	$: < error : $1 > $2
R< $~[ : $+ > $+ <@> $+	$@ $>MailerToTriple < $1 : $2 > $3 < @ $4 >
R< $+ > $+ <@> $+	$@ $>MailerToTriple < $1 > $2 < @ $3 >
R< $+ > $+ <@>		$: < $1 > $2			no host known
')')dnl
R< local : $* > $*	$: $>MailerToTriple < local : $1 > $2
R< error : $* > $*	$: $>MailerToTriple < error : $1 > $2
R< $~[ : $+ > $+	$: $>MailerToTriple < $1 : $2 > $3 < @ $2 >
R< $+ > $+		$@ $>MailerToTriple < $1 > $2 < @ $1 >

# MasqHdr: generics table, then masquerading, for addresses in headers.
SMasqHdr=93
ifdef(`_gs_feature_genericstable', `dnl
R$+ < @ $=G . >		$: < $1@$2 > $1 < @ $2 . > @	a generics domain
ifdef(`_gs_feature_generics_entire_domain', `dnl
R$+ < @ $* . $=G . >	$: < $1@$2.$3 > $1 < @ $2 . $3 . > @
')dnl
R$+ < @ *LOCAL* >	$: < $1@$j > $1 < @ *LOCAL* > @	unqualified
R< $+ > $+ < $* > @	$: < $(generics $1 $: @ $1 $) > $2 < $3 >
R< @ $+ + $* @ $+ > $+ < @ $+ >	$: < $(generics $1+*@$3 $@ $2 $: @ $1 + $2 @ $3 $) > $4 < @ $5 >
R< @ $+ + $* @ $+ > $+ < @ $+ >	$: < $(generics $1@$3 $: $) > $4 < @ $5 >
R< @ $+ > $+ < @ $+ >	$: < > $2 < @ $3 >
R< > $+ < @ $+ . >	$: < $(generics @$2 $@ $1 $: $) > $1 < @ $2 . >
R< > $+ < @ $+ >	$: < $(generics $1 $: $) > $1 < @ $2 >
R< > $+ + $* < @ $+ >	$: < $(generics $1+* $@ $2 $: $) > $1 + $2 < @ $3 >
R< > $+ + $* < @ $+ >	$: < $(generics $1 $: $) > $1 + $2 < @ $3 >
R< $* @ $* > $* < $* >	$@ $>canonify $1 @ $2		a full address
R< $+ > $* < $* >	$: $>canonify $1 @ *LOCAL*	a user name
R< > $*			$: $1				not in the table
')dnl
R$* < @ $* $=N . >	$@ $1 < @ $2 $3 . >		never masqueraded
ifdef(`_gs_masq_exception', `dnl
R$* < @ $={MasqueradeException} . >	$@ $1 < @ $2 . >
')dnl
R$=E < @ *LOCAL* >	$@ $1 < @ $j . >		exposed users
R$=E < @ $=M . >	$@ $1 < @ $2 . >
R$=E < @ $=w . >	$@ $1 < @ $2 . >
ifdef(`_gs_feature_masquerade_entire_domain', `dnl
R$* < @ $* . $=M . > $*	$: $1 < @ $2 . $3 . @ $M > $4
')dnl
R$* < @ $=M . > $*	$: $1 < @ $2 . @ $M > $3	masquerade
ifdef(`_gs_feature_limited_masquerade', `', `dnl
R$* < @ $=w . > $*	$: $1 < @ $2 . @ $M > $3
')dnl
R$* < @ *LOCAL* > $*	$: $1 < @ $j . @ $M > $2
R$* < @ $+ @ > $*	$: $1 < @ $2 > $3		no masquerade name
R$* < @ $+ @ $+ > $*	$: $1 < @ $3 . > $4		the masquerade name

# MasqEnv: the same for envelope senders (masquerade_envelope).
SMasqEnv=94
ifdef(`_gs_feature_masquerade_envelope', `dnl
R$+			$@ $>MasqHdr $1
', `dnl
R$* < @ *LOCAL* > $*	$: $1 < @ $j . > $2
')dnl
