divert(-1)
#
# gosendmail cf library: the SMTP policy rulesets sendmail calls by name --
# check_relay, check_mail, check_rcpt (each with its Local_ hook), the
# relaying decision, and the access-map searches they share.
#
# Access map searches take "< key > < ? > < mode tag > < passed >" where
# mode is "+" (also try the key without the tag) or "!" (tag only), and
# answer "< value > < passed >", value "?" when nothing matched.
#
divert(0)dnl

ifdef(`_gs_feature_access_db', `dnl
# AccessHost: a host name, then its parent domains (or an address literal,
# then its shorter prefixes); with lookupdotdomain, ".parent" after each
# name (a.b.c, .b.c, b.c, .c, c); with the skip of access_db, a SKIP value
# ends the search with the default. Always the whole walk: relay_hosts_only
# only changes the relaying decision (Rcpt_ok, Relay_ok, ParseRecipient),
# never the Connect:, From:, To: or Spam: searches.
SAccessHost
R< $+ > < $* > < $- $- > < $* >	$: < $(access $4:$1 $: ? $) > < $1 > < $2 > < $3 $4 > < $5 >
R< ? > < $+ > < $* > < + $- > < $* >	$: < $(access $1 $: ? $) > < $1 > < $2 > < + $3 > < $4 >
ifdef(`_gs_feature_lookupdotdomain', `dnl
R< ? > < $+ . $+ > < $* > < $- $- > < $* >	$: < $(access $5:.$2 $: ? $) > < $1 . $2 > < $3 > < $4 $5 > < $6 >	.parent
R< ? > < $+ . $+ > < $* > < + $- > < $* >	$: < $(access .$2 $: ? $) > < $1 . $2 > < $3 > < + $4 > < $5 >
')dnl
ifdef(`_gs_access_skip', `dnl
R< SKIP > < $+ > < $* > < $- $- > < $* >	$@ < $2 > < $5 >	as if nothing were found
')dnl
R< ? > < [ $+ . $- ] > < $* > < $- $- > < $* >	$@ $>AccessHost < [ $1 ] > < $3 > < $4 $5 > < $6 >
R< ? > < [ $+ :: $- ] > < $* > < $- $- > < $* >	$: $>AccessHost < [ $1 ] > < $3 > < $4 $5 > < $6 >
R< ? > < [ $+ : $- ] > < $* > < $- $- > < $* >	$: $>AccessHost < [ $1 ] > < $3 > < $4 $5 > < $6 >
R< ? > < $+ . $+ > < $* > < $- $- > < $* >	$@ $>AccessHost < $2 > < $3 > < $4 $5 > < $6 >
R< ? > < $+ > < $* > < $- $- > < $* >	$@ < $2 > < $5 >	nothing found
R< $* <TMPF> > < $+ > < $* > < $- $- > < $* >	$@ < <TMPF> > < $6 >
R< $* > < $+ > < $* > < $- $- > < $* >	$@ < $1 > < $6 >

# AccessAddr: an IP address, then its shorter prefixes (10.1.2.3, 10.1.2 ...).
SAccessAddr
R< $+ > < $+ > < $- $- > < $* >	$: < $(access $4:$1 $: ? $) > < $1 > < $2 > < $3 $4 > < $5 >
R< ? > < $+ > < $+ > < + $- > < $* >	$: < $(access $1 $: ? $) > < $1 > < $2 > < + $3 > < $4 >
ifdef(`_gs_access_skip', `dnl
R< SKIP > < $+ > < $+ > < $- $- > < $* >	$@ < $2 > < $5 >	as if nothing were found
')dnl
R< ? > < $+ :: $- > < $+ > < $- $- > < $* >	$@ $>AccessAddr < $1 > < $3 > < $4 $5 > < $6 >
R< ? > < $+ : $- > < $+ > < $- $- > < $* >	$@ $>AccessAddr < $1 > < $3 > < $4 $5 > < $6 >
R< ? > < $+ . $- > < $+ > < $- $- > < $* >	$@ $>AccessAddr < $1 > < $3 > < $4 $5 > < $6 >
R< ? > < $+ > < $+ > < $- $- > < $* >	$@ < $2 > < $5 >
R< $* <TMPF> > < $+ > < $+ > < $- $- > < $* >	$@ < <TMPF> > < $6 >
R< $* > < $+ > < $+ > < $- $- > < $* >	$@ < $1 > < $6 >

# AccessFull: user@domain, and user+*@domain and user@domain for user+detail.
SAccessFull
R< $+ > < $* > < $- $- > < $* >	$: < $(access $4:$1 $: ? $) > < $1 > < $2 > < $3 $4 > < $5 >
R< ? > < $+ > < $* > < + $- > < $* >	$: < $(access $1 $: ? $) > < $1 > < $2 > < + $3 > < $4 >
R< ? > < $+ + $* @ $+ > < $* > < $- $- > < $* >	$: < $(access $6:$1+*@$3 $: ? $) > < $1+$2@$3 > < $4 > < $5 $6 > < $7 >
R< ? > < $+ + $* @ $+ > < $* > < + $- > < $* >	$: < $(access $1+*@$3 $: ? $) > < $1+$2@$3 > < $4 > < + $5 > < $6 >
R< ? > < $+ + $* @ $+ > < $* > < $- $- > < $* >	$: < $(access $6:$1@$3 $: ? $) > < $1+$2@$3 > < $4 > < $5 $6 > < $7 >
R< ? > < $+ + $* @ $+ > < $* > < + $- > < $* >	$: < $(access $1@$3 $: ? $) > < $1+$2@$3 > < $4 > < + $5 > < $6 >
R< ? > < $+ > < $* > < $- $- > < $* >	$@ < $2 > < $5 >
R< $+ <TMPF> > < $* > < $- $- > < $* >	$@ < <TMPF> > < $5 >
R< $+ > < $* > < $- $- > < $* >	$@ < $1 > < $5 >

# AccessUser: user@ (any domain), and user+*@ and user@ for user+detail.
SAccessUser
R< $+ > < $* > < $- $- > < $* >	$: < $(access $4:$1 $: ? $) > < $1 > < $2 > < $3 $4 > < $5 >
R< ? > < $+ > < $* > < + $- > < $* >	$: < $(access $1 $: ? $) > < $1 > < $2 > < + $3 > < $4 >
R< ? > < $+ + $* @ > < $* > < $- $- > < $* >	$: < $(access $5:$1+*@ $: ? $) > < $1+$2@ > < $3 > < $4 $5 > < $6 >
R< ? > < $+ + $* @ > < $* > < + $- > < $* >	$: < $(access $1+*@ $: ? $) > < $1+$2@ > < $3 > < + $4 > < $5 >
R< ? > < $+ + $* @ > < $* > < $- $- > < $* >	$: < $(access $5:$1@ $: ? $) > < $1+$2@ > < $3 > < $4 $5 > < $6 >
R< ? > < $+ + $* @ > < $* > < + $- > < $* >	$: < $(access $1@ $: ? $) > < $1+$2@ > < $3 > < + $4 > < $5 >
R< ? > < $+ > < $* > < $- $- > < $* >	$@ < $2 > < $5 >
R< $+ <TMPF> > < $* > < $- $- > < $* >	$@ < <TMPF> > < $5 >
R< $+ > < $* > < $- $- > < $* >	$@ < $1 > < $5 >

# AccessExact: the key as it is.
SAccessExact
R< $* > < $* > < $- $- > < $* >	$: < $(access $4:$1 $: ? $) > < $1 > < $2 > < $3 $4 > < $5 >
R< ? > < $+ > < $* > < + $- > < $* >	$: < $(access $1 $: ? $) > < $1 > < $2 > < + $3 > < $4 >
R< ? > < $+ > < $* > < $- $- > < $* >	$@ < $2 > < $5 >
R< $+ <TMPF> > < $* > < $- $- > < $* >	$@ < <TMPF> > < $5 >
R< $+ > < $* > < $- $- > < $* >	$@ < $1 > < $5 >

# SearchList: "< mode tag > $| <F:a@b> <U:a@> <D:b> <E:x>": the first
# search that finds something answers "< value >"; else "< ? >".
SSearchList
R< $+ > $| < $- : $* > < $* >	$: < $1 > $| < $4 > $| $>SearchOne < $2 : $3 > < $1 >
R< $+ > $| < > $| < ? > < >	$@ < ? >			all tried
R< $+ > $| < $+ > $| < ? > < >	$@ $>SearchList < $1 > $| < $2 >	the next one
R< $+ > $| < $* > $| < $+ > < >	$@ < $3 >			found
R< $+ > $| < $+ >	$@ < $2 >

# SearchOne: "< kind : key > < mode tag >" searched the way kind says.
SSearchOne
R< F : $* > < $+ >	$@ $>AccessFull < $1 > < ? > < $2 > < >
R< U : $* > < $+ >	$@ $>AccessUser < $1 > < ? > < $2 > < >
R< D : $* > < $+ >	$@ $>AccessHost < $1 > < ? > < $2 > < >
R< E : $* > < $+ >	$@ $>AccessExact < $1 > < ? > < $2 > < >
R< A : $* > < $+ >	$@ $>AccessAddr < $1 > < ? > < $2 > < >
')dnl

# CanonAddr: canonify and parse-check an address from SMTP.
SCanonAddr
R$*			$: $>Parse0 $>canonify $1

# ParseRecipient: user%host@relayed or host!user@relayed, where relayed is
# a domain we relay to ($=R, a To: RELAY entry, $=m with relay_entire_domain,
# an MX we serve), is judged as user@host, again and again. Our own names
# ($=w) went already in Parse0 (via CanonAddr).
SParseRecipient
R$*				$: <?> $>CanonAddr $1
R<?> $* < @ $* . >		<?> $1 < @ $2 >			no trailing dot
R<?> $- < @ $* >		$: <?> $(dequote $1 $) < @ $2 >
R<?> $* $=O $* < @ $* >		$: <NO> $1 $2 $3 < @ $4>	a route in the user
R<?> $*				$@ $1
ifdef(`_gs_feature_relay_entire_domain', `dnl
R<NO> $* < @ $* $=m >		$: <RELAY> $1 < @ $2 $3 >	in our domain
')dnl
ifdef(`_gs_feature_relay_hosts_only', `dnl
R<NO> $* < @ $=R >		$: <RELAY> $1 < @ $2 >
ifdef(`_gs_feature_access_db', `dnl
R<NO> $* < @ $+ >		$: <$(access To:$2 $: NO $)> $1 < @ $2 >	that host only
R<NO> $* < @ $+ >		$: <$(access $2 $: NO $)> $1 < @ $2 >
')', `dnl
R<NO> $* < @ $* $=R >		$: <RELAY> $1 < @ $2 $3 >
ifdef(`_gs_feature_access_db', `dnl
R<NO> $* < @ $+ >		$: $>AccessHost <$2> <NO> <+ To> <$1 < @ $2 >>	or a parent
R<$+> <$+>			$: <$1> $2
')')dnl
ifdef(`_gs_feature_relay_based_on_MX', `dnl
R<NO> $* < @ $+ >		$: <MX> < : $(mxserved $2 $) : > < $1 < @ $2 > >
R<MX> < : $* <TEMP> : > $*	$#TEMP $@ 4.4.0 $: "450 Can not check MX records for recipient host " $1
R<MX> < $* : $=w . : $* > < $+ >	$: <RELAY> $4			we are an MX host
R<MX> < : $* : > < $+ >		$: <NO> $2
')dnl
R<RELAY> $* < @ $* >		$@ $>ParseRecipient $1
R<$+> $*			$@ $2

#####################################
#  check_relay: the connecting host  #
#####################################
SLocal_check_relay
ifdef(`_gs_feature_delay_checks', `SDelay_check_relay', `Scheck_relay')
ifdef(`_gs_feature_use_client_ptr', `dnl
R$* $| $*		$: $&{client_ptr} $| $2		judge the PTR name
')dnl
R$*			$: $1 $| $>"Local_check_relay" $1
R$* $| $* $| $#$*	$#$3
R$* $| $* $| $*		$@ $>"Basic_check_relay" $1 $| $2

SBasic_check_relay
R$*			$: < $&{deliveryMode} > $1
R< d > $*		$@ deferred
R< $* > $*		$: $2
ifdef(`_gs_feature_access_db', `dnl
R$+ $| $+		$: $>AccessHost < $1 > < ? > < + Connect > < $2 >
R   $| $+		$: $>AccessAddr < $1 > < ? > < + Connect > < >	no client name
R< ? > < $+ >		$: $>AccessAddr < $1 > < ? > < + Connect > < >
R< ? > < $* >		$: OK				nothing known
R< $={AcceptAnswer} > < $* >	$@ $1
R< REJECT > < $* >	$#error $@ 5.7.1 $: confREJECT_MSG
R< DISCARD > < $* >	$#discard $: discard
R< QUARANTINE : $+ > < $* >	$#error $@ quarantine $: $1
R< ERROR : $-.$-.$- : $+ > < $* >	$#error $@ $1.$2.$3 $: $4
R< ERROR : $+ > < $* >	$#error $: $1
R< $* <TMPF> > < $* >	$#error $@ 4.3.0 $: "451 Temporary system failure. Please try again later."
R< $+ > < $* >		$#error $: $1
')dnl
undivert(27)dnl
ifdef(`_gs_feature_require_rdns', `dnl
R$*			$: $&{client_addr} $| $&{client_resolve}	after the DNS lists
R$=R $* $| $*		$: RELAY			a client we relay for
R$* $| OK		$: OK				its name resolves
R$* $| FAIL		$#error $@ 5.7.1 $: 550 Fix reverse DNS for $1
R$* $| FORGED		$#error $@ 4.1.8 $: 451 Possibly forged hostname for $1
R$* $| TEMP		$#error $@ 4.1.8 $: 451 Client IP address $1 does not resolve
')dnl
ifdef(`_gs_feature_ratecontrol', `dnl
R$*			$: $>"RateControl" dummy
')dnl
ifdef(`_gs_feature_conncontrol', `dnl
R$*			$: $>"ConnControl" dummy
')dnl

##################################
#  check_mail: the envelope sender #
##################################
SLocal_check_mail
ifdef(`_gs_feature_delay_checks', `SDelay_check_mail', `Scheck_mail')
R$*			$: $1 $| $>"Local_check_mail" $1
R$* $| $#$*		$#$2
R$* $| $*		$@ $>"Basic_check_mail" $1

SBasic_check_mail
R$*			$: < $&{deliveryMode} > $1
R< d > $*		$@ deferred
R< $* > $*		$: $2
R<>			$@ <OK>				the null sender
R$+			$: <?> $1
R<?><$+>		$: <@> <$1>
R<?>$+			$: <@> <$1>
R$*			$: $&{daemon_flags} $| $1
R$* f $* $| <@> < $* @ $- >	$: < ? $&{client_name} > < $3 @ $4 >
R$* u $* $| <@> < $* >	$: <?> < $3 >
R$* $| $*		$: $2
R<@> < $* @ localhost >	$: < ? $&{client_name} > < $1 @ localhost >
R<@> < $* @ [127.0.0.1] >	$: < ? $&{client_name} > < $1 @ [127.0.0.1] >
R<@> < $* @ [IPv6:0:0:0:0:0:0:0:1] >	$: < ? $&{client_name} > < $1 @ [IPv6:0:0:0:0:0:0:0:1] >
R<@> < $* @ [IPv6:::1] >	$: < ? $&{client_name} > < $1 @ [IPv6:::1] >
R<@> < $* @ localhost.$m >	$: < ? $&{client_name} > < $1 @ localhost.$m >
R<@> < $* @ localhost.UUCP >	$: < ? $&{client_name} > < $1 @ localhost.UUCP >
R<@> $*			$: $1				not "localhost"
R<? $=w> $*		$: $2				a local client
R<? $+> <$+>		$#error $@ 5.5.4 $: "553 Real domain name required for sender address"
R<?> $*			$: $1
R$*			$: <?> $>CanonAddr $1
R<?> $* < @ $+ . >	<?> $1 < @ $2 >			no trailing dot
ifdef(`_gs_feature_accept_unresolvable_domains', `dnl
R<?> $* < @ $+ >	$: <OKR> $1 < @ $2 >
', `dnl
R<?> $* < @ $* $=P >	$: <OKR> $1 < @ $2 $3 >
R<?> $* < @ $j >	$: <OKR> $1 < @ $j >
R<?> $* < @ $+ >	$: <? $(resolve $2 $: $2 <PERM> $) > $1 < @ $2 >
R<? $* <$->> $* < @ $+ >	$: <$2> $3 < @ $4 >
')dnl
ifdef(`_gs_feature_access_db', `dnl
R<$+> $+ < @ $* >	$: @<$1> <$2 < @ $3 >> $| <F:$2@$3> <U:$2@> <D:$3>
R<$+> $+		$: @<$1> <$2> $| <U:$2@>
R@ <$+> <$*> $| <$+>	$: <@> <$1> <$2> $| $>SearchList <+ From> $| <$3> <>
R<@> <$+> <$*> $| <$*>	$: <$3> <$1> <$2>
R<?> <$+> <$*>		$: <$1> $2			nothing known
R<$+> <$+> <$*>		$: <$1> $3			the access answer
')dnl
ifdef(`_gs_feature_accept_unqualified_senders', `dnl
R<?> $*			$: <OKR> $1
', `dnl
R<?> $*			$: $&{daemon_flags} $| <?> $1
R$* u $* $| <?> $*	$: <OKR> $3
R$* $| $*		$: $2
R<?> $*			$: < ? $&{client_addr} > $1
R<?> $*			$@ <OKR>			locally submitted
R<? $+> $*		$#error $@ 5.5.4 $: "553 Domain name required for sender address " $&f
')dnl
R<?> $*			$: @ $1
R<$={ResolveOk}> $*	$: @ $2
R<TEMP> $*		$#error $@ 4.1.8 $: "451 Domain of sender address " $&f " does not resolve"
R<PERM> $*		$#error $@ 5.1.8 $: "553 Domain of sender address " $&f " does not exist"
ifdef(`_gs_feature_access_db', `dnl
R<$={AcceptAnswer}> $*	$# $1
R<DISCARD> $*		$#discard $: discard
R<QUARANTINE : $+> $*	$#error $@ quarantine $: $1
R<REJECT> $*		$#error $@ 5.7.1 $: confREJECT_MSG
R<ERROR : $-.$-.$- : $+> $*	$#error $@ $1.$2.$3 $: $4
R<ERROR : $+> $*	$#error $: $1
R<<TMPF>> $*		$#error $@ 4.3.0 $: "451 Temporary system failure. Please try again later."
R<$+> $*		$#error $: $1
')dnl
ifdef(`_gs_feature_badmx', `dnl
R@ $* < @ $+ > $*	$: $1 < @ $2 > $3 $| $>BadMX $2	the MX hosts of its domain
R$* $| $#$*		$#$2
')dnl
ifdef(`_gs_feature_badmx', `
# BadMX: a sender domain -> "< MX > < domain > < : > < : answers : >", or
# an error when one of its MX hosts is an address literal or has a bad
# address.
SBadMX
R$+			$@ $>BadMXNext < MX > < $1 > < : $(mxlist $1 $) : > < : >
SBadMXNext
R< MX > < $+ > < : $+ : $* > < $* >	$: < MX > < $1 > < : $3 > < $4 > < $(badmx $2 $) >
R< MX > < $+ > < $* > < $* > < $* <BADMX> >	$#error $@ 5.1.2 $: "550 Illegal MX record for host " $1
R< MX > < $+ > < $* > < $* > < $+ >	$: < MX > < $1 > < $2 > < $3 > < $(dnsA $4 $) >
R< MX > < $+ > < $* > < $* > < $+ >	$: < MX > < $1 > < $2 > < $3 > < $4 > < $(BadMXIP $4 $) >
R< MX > < $+ > < $* > < $* > < $* > < $* <BADMXIP> >	$#error $@ 5.1.2 $: "550 Invalid MX record for host " $1
R< MX > < $+ > < $* > < : $* > < $+ > < $* >	$@ $>BadMXNext < MX > < $1 > < $2 > < : $3 $4 : >
')dnl

####################################
#  check_rcpt: an envelope recipient #
####################################
SLocal_check_rcpt
Scheck_rcpt
R$*			$: $1 $| $>"Local_check_rcpt" $1
R$* $| $#$*		$#$2
ifdef(`_gs_feature_delay_checks', `dnl
R$* $| $*		$: $1 $| $>"Basic_check_rcpt" $1
R$* $| $#$*		$#$2
R$* $| $*		$@ $>DelayedChecks $1
', `dnl
R$* $| $*		$@ $>"Basic_check_rcpt" $1
')dnl
ifdef(`_gs_feature_delay_checks', `
# DelayedChecks: the recipient is accepted; now the sender (check_mail)
# and the client (check_relay), unless the Spam: entry of the recipient
# says otherwise.
SDelayedChecks
R$*			$: $>RcptFull $1
ifelse(defn(`_gs_delay_checks'), `', `dnl
R$*			$: <?> $1
', `dnl
R$*			$: <?> $1
R<?> $+ < @ $=w >	$: <> <$1 < @ $2 >> $| <F:$1@$2> <D:$2> <U:$1@>
R<?> $+ < @ $* >	$: <> <$1 < @ $2 >> $| <F:$1@$2> <D:$2>
R<> <$*> $| <$+>	$: <@> <$1> $| $>SearchList <! Spam> $| <$2> <>
R<@> <$*> $| <$*>	$: <$2> $1
ifelse(defn(`_gs_delay_checks'), `friend', `dnl
R<FRIEND> $*		$@ SPAMFRIEND
R<$*> $*		$: $2
', `dnl
R<HATER> $*		$: $1
R<$*> $*		$@ NOSPAMHATER
')')dnl
R$*			$: $1 $| $>Delay_check_mail < $&f >
R$* $| $#$*		$#$2
R$* $| $*		$: $1 $| $>Delay_check_relay $&{client_name} $| $&{client_addr}
R$* $| $#$*		$#$2
ifdef(`_gs_feature_block_bad_helo', `dnl
R$* $| $*		$: $1 $| $>BadHelo $1
R$* $| $#$*		$#$2
')dnl
R$* $| $*		$@ $1

# RcptFull: a recipient as user < @ domain >, no trailing dot, our own
# domain added when it has none.
SRcptFull
R$*			$: $>CanonAddr $1
R$* < @ $* . >		$1 < @ $2 >
R$* < @ $* >		$@ $1 < @ $2 >
R$+			$@ $1 < @ $j >
')dnl

SBasic_check_rcpt
R<>			$#error $@ nouser $: "553 User address required"
R$@			$#error $@ nouser $: "553 User address required"
R$*			$: < $&{deliveryMode} > $1
R< d > $*		$@ deferred
R< $* > $*		$: $2
R$*			$: $1 $| @ $>"Rcpt_ok" $1
R$* $| @ $#TEMP $+	$: $1 $| T $2
R$* $| @ $#$*		$#$2
ifdef(`_gs_feature_promiscuous_relay', `', `dnl
R$* $| @ RELAY		$@ RELAY
ifdef(`_gs_feature_block_bad_helo', `ifdef(`_gs_feature_delay_checks', `', `dnl
R$* $| @ $*		$: $1 $| @ $2 $| $>BadHelo $1	not ours: is the HELO name?
R$* $| @ $* $| $#$*	$#$3
R$* $| @ $* $| $*	$: $1 $| @ $2
')')dnl
R$* $| @ $*		$: O $| $>"Relay_ok" $1
R$* $| T $+		$: T $2 $| $>"Relay_ok" $1
R$* $| $#TEMP $+	$#error $2
R$* $| $#$*		$#$2
R$* $| RELAY		$@ RELAY
R T $+ $| $*		$#error $1
R$*			$#error $@ 5.7.1 $: confRELAY_MSG
')dnl

# Rcpt_ok: RELAY when the recipient is ours or may be relayed to.
SRcpt_ok
ifdef(`_gs_feature_loose_relay_check', `dnl
R$*			$: $>CanonAddr $1		user%host@relayed stays so
R$* < @ $* . >		$1 < @ $2 >
', `dnl
R$*			$: $>ParseRecipient $1
')dnl
ifdef(`_gs_feature_bestmx_is_local', `dnl
ifdef(`_gs_bestmx_limited', `dnl
R$* < @ $* $=B > $*	$: $1 < @ $2 $3 @@ $(bestmx $2 $3 $) > $4	best MX: us?
', `dnl
R$* < @ $* > $*		$: $1 < @ $2 @@ $(bestmx $2 $) > $3	best MX: us?
')dnl
R$* $=O $* < @ $* @@ $=w . > $*	$@ $>"Rcpt_ok" $1 $2 $3		a route through us
R$* < @ $* @@ $=w . > $*	$: $1 < @ $3 > $4		as if to our name
R$* < @ $* @@ $* > $*	$: $1 < @ $2 > $4
')dnl
ifdef(`_gs_feature_blocklist_recipients', `dnl
R$*			$: <?> $1
R<?> $+ < @ $=w >	$: <> <$1 < @ $2 >> $| <F:$1@$2> <U:$1@> <D:$2>
R<?> $+ < @ $* >	$: <> <$1 < @ $2 >> $| <F:$1@$2> <D:$2>
R<?> $+			$: <> <$1> $| <U:$1@>
R<> <$*> $| <$+>	$: <@> <$1> $| $>SearchList <+ To> $| <$2> <>
R<@> <$*> $| <$*>	$: <$2> <$1>
R<?> <$*>		$: @ $1				nothing known
R<$={AcceptAnswer}> <$*>	$: @ $2
ifdef(`_gs_access_skip', `dnl
R<SKIP> <$*>		$: @ $1
')dnl
ifdef(`_gs_feature_delay_checks', `dnl
R<$={SpamTag}> <$*>	$: @ $2				for the Spam: check later
')dnl
R<REJECT> $*		$#error $@ 5.2.1 $: "550 Mailbox disabled for this recipient"
R<DISCARD> $*		$#discard $: discard
R<QUARANTINE : $+> $*	$#error $@ quarantine $: $1
R<ERROR : $-.$-.$- : $+> $*	$#error $@ $1.$2.$3 $: $4
R<ERROR : $+> $*	$#error $: $1
R<<TMPF>> $*		$#error $@ 4.3.0 $: "451 Temporary system failure. Please try again later."
R<$+> $*		$#error $: $1
R@ $*			$1
')dnl
ifdef(`_gs_feature_promiscuous_relay', `', `dnl
R$*			$: $1 $| $>"Local_Relay_Auth" $&{auth_type}
R$* $| $# $*		$# $2
R$* $| NO		$: $1
R$* $| $*		$: $1 $| $&{auth_type}
R$* $|			$: $1
R$* $| $={TrustAuthMech}	$# RELAY
R$* $| $*		$: $1
ifdef(`_gs_nouucp_reject', `dnl
R$* ! $*		$@ $1 ! $2			"!" in the user: only relay clients
')dnl
ifdef(`_gs_nopercent_reject', `dnl
R$* % $*		$@ $1 % $2			"%" in the user: only relay clients
')dnl
ifdef(`_gs_feature_relay_entire_domain', `dnl
R$+ < @ $* $=m >	$@ RELAY			in our domain
')dnl
R$+ < @ $=w >		$@ RELAY			ours
ifdef(`_gs_feature_relay_hosts_only', `dnl
R$+ < @ $=R >		$@ RELAY			a relay host (not its subdomains)
ifdef(`_gs_feature_access_db', `dnl
ifdef(`_gs_relay_full_addr', `dnl
R$+ < @ $+ >		$: <$(access To:$1@$2 $: ? $)> <$1 < @ $2 >>
R<?> <$+ < @ $+ >>	$: <$(access To:$2 $: ? $)> <$1 < @ $2 >>
', `dnl
R$+ < @ $+ >		$: <$(access To:$2 $: ? $)> <$1 < @ $2 >>
')dnl
R<?> <$+ < @ $+ >>	$: <$(access $2 $: ? $)> <$1 < @ $2 >>
')', `dnl
R$+ < @ $* $=R >	$@ RELAY			a relay domain or a subdomain
ifdef(`_gs_feature_access_db', `dnl
ifdef(`_gs_relay_full_addr', `dnl
R$+ < @ $+ >		$: $1 < @ $2 > $| $>SearchList <+ To> $| <F:$1@$2> <D:$2> <F:$1@> <>
R$+ < @ $+ > $| <$*>	$: <$3> <$1 <@ $2>>
R$+ < @ $+ > $| $*	$: <$3> <$1 <@ $2>>
', `dnl
R$+ < @ $+ >		$: $>AccessHost <$2> <?> <+ To> <$1 < @ $2 >>
')')')dnl
ifdef(`_gs_feature_access_db', `dnl
R<RELAY> $*		$@ RELAY
R<$* <TMPF>> $*		$#TEMP $@ 4.3.0 $: "451 Temporary system failure. Please try again later."
R<$*> <$*>		$: $2
')dnl
ifdef(`_gs_feature_relay_based_on_MX', `dnl
R$+ < @ $+ >		$: < : $(mxserved $2 $) : > $1 < @ $2 >
R< : $* <TEMP> : > $*	$#TEMP $@ 4.4.0 $: "450 Can not check MX records for recipient host " $1
R< $* : $=w . : $* > $*	$@ RELAY			we are an MX host
R< : $* : > $*		$: $2
')dnl
R$*			$: <?> $1
R<?> $* < @ $+ >	$: <REMOTE> $1 < @ $2 >
R<?> $+			$@ RELAY			a local user
R<$+> $*		$: $2
')dnl

# Relay_ok: RELAY when the client may relay.
SRelay_ok
R$*			$: $&{client_addr}
R$@			$@ RELAY			submitted locally
R0			$@ RELAY
R127.0.0.1		$@ RELAY
RIPv6:0:0:0:0:0:0:0:1	$@ RELAY
RIPv6:::1		$@ RELAY
R$=R $*			$@ RELAY			a relay network
ifdef(`_gs_feature_access_db', `dnl
R$*			$: $>AccessAddr <$1> <?> <+ Connect> <$1>
R<RELAY> $*		$@ RELAY
R<<TMPF>> $*		$#TEMP $@ 4.3.0 $: "451 Temporary system failure. Please try again later."
R<$*> <$*>		$: $2
')dnl
R$*			$: [ $1 ]
R$=w			$@ RELAY			one of our addresses
define(`_gs_relay_from_db', ifdef(`_gs_feature_relay_mail_from', `ifdef(`_gs_feature_access_db', 1)'))dnl
ifelse(ifdef(`_gs_feature_relay_local_from', 1)`'_gs_relay_from_db, `', `', `dnl
R$*			$: <?> $>CanonAddr $&f		the sender
R<?> $+ < @ $+ . >	<?> $1 < @ $2 >
ifdef(`_gs_feature_relay_local_from', `dnl
R<?> $+ < @ $=w >	$@ RELAY			one of ours
')dnl
ifelse(_gs_relay_from_db, 1, `dnl
R<?> $+ < @ $+ >	$: <@> $>SearchList <! From> $| <F:$1@$2> ifelse(defn(`_gs_relay_mail_from'), `domain', ifdef(`_gs_feature_relay_hosts_only', `<E:$2> ', `<D:$2> '))<>
R<@> <RELAY>		$@ RELAY			the access map trusts it
R<@> <<TMPF>>		$#TEMP $@ 4.3.0 $: "451 Temporary system failure. Please try again later."
')')dnl
R$*			$: < $&{client_resolve} >
R<TEMP>			$#TEMP $@ 4.4.0 $: "450 Relaying temporarily denied. Cannot resolve PTR record for " $&{client_addr}
R<FORGED>		$#error $@ 5.7.1 $: "550 Relaying denied. IP name possibly forged " $&{client_name}
R<FAIL>			$#error $@ 5.7.1 $: "550 Relaying denied. IP name lookup failed " $&{client_name}
R$*			$: <@> $&{client_name}
R<@> $* $=P		$:<?>  $1 $2
R<@> $+			$:<?>  $[ $1 $]
R$* .			$1
ifdef(`_gs_feature_relay_entire_domain', `dnl
R<?> $* $=m		$@ RELAY			in our domain
')dnl
R<?> $=w		$@ RELAY
ifdef(`_gs_feature_relay_hosts_only', `dnl
R<?> $=R		$@ RELAY			a relay host (not its subdomains)
ifdef(`_gs_feature_access_db', `dnl
R<?> $*			$: <$(access Connect:$1 $: ? $)> <$1>
R<?> <$*>		$: <$(access $1 $: ? $)> <$1>
')', `dnl
R<?> $* $=R		$@ RELAY			a relay domain or a subdomain
ifdef(`_gs_feature_access_db', `dnl
R<?> $*			$: $>AccessHost <$1> <?> <+ Connect> <$1>
')')dnl
ifdef(`_gs_feature_access_db', `dnl
R<RELAY> $*		$@ RELAY
R<$* <TMPF>> $*		$#TEMP $@ 4.3.0 $: "451 Temporary system failure. Please try again later."
R<$*> <$*>		$: $2
')dnl

SLocal_Relay_Auth
ifdef(`_gs_feature_block_bad_helo', `
# BadHelo: OK, or an error when the HELO name ($s) is empty, unqualified or
# one of our names or addresses, for a client that did not authenticate
# and is not in $=R.
SBadHelo
R$*			$: <$&{auth_authen}> <$&{client_addr}> <$&s>
R<$+> <$*> <$*>		$@ OK				authenticated
R<> <$=R $*> <$*>	$@ OK				a client we relay for
R<> <$*> <$=w>		$#error $@ 5.7.1 $: "550 bogus HELO name used: " $&s
R<> <$*> <$*>		$: <> <$1> <[ $2 ]>		an address of ours?
R<> <$*> <$=w>		$#error $@ 5.7.1 $: "550 bogus HELO name used: " $&s
R<> <$*> <[ $+ . $+ ]>	$@ OK				a qualified name
R<> <$*> <$*>		$#error $@ 5.7.1 $: "550 bogus HELO name used: " $&s
')dnl

##########################################
#  trust_auth: may AUTH= name another user #
##########################################
SLocal_trust_auth
Strust_auth
R$*			$: $&{auth_type} $| $1
R$@ $| $*		$#error $@ 5.7.1 $: "550 not authenticated"
R$* $| $&{auth_authen}		$@ identical
R$* $| <$&{auth_authen}>	$@ identical
R$* $| $*		$: $1 $| $>"Local_trust_auth" $2
R$* $| $#$*		$#$2
R$*			$#error $@ 5.7.1 $: "550 " $&{auth_authen} " not allowed to act as " $&{auth_author}

ifdef(`_gs_local_srv_features', `Ssrv_features
undivert(17)')
ifdef(`_gs_local_clt_features', `Sclt_features
undivert(18)')
ifdef(`_gs_local_try_tls', `Stry_tls
undivert(19)')
ifdef(`_gs_local_tls_rcpt', `Stls_rcpt
undivert(20)')
ifdef(`_gs_local_tls_client', `Stls_client
undivert(21)')
ifdef(`_gs_local_tls_server', `Stls_server
undivert(22)')
