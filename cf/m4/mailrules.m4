divert(-1)
#
# gosendmail cf library: the rewriting rulesets the mailers name in their
# S= and R= fields (sender and recipient, envelope and header).
#
divert(0)dnl

# AddDomain: qualify a bare user name with *LOCAL* (our own name).
SAddDomain
R$* < @ $* > $*		$@ $1 < @ $2 > $3		already qualified
R$+			$@ $1 < @ *LOCAL* >

# PseudoToReal: leave route-addrs alone; turn pseudo-domains back.
SPseudoToReal
R< @ $+ > $*		$@ < @ $1 > $2
ifdef(`_gs_nouucp', `', `dnl
R$+ < @ $-.UUCP. >	$: $2 ! $1 < @ $j . >		host.UUCP: a uucp path
')dnl

# MasqSMTP: every address that leaves by SMTP carries a domain.
SMasqSMTP
R$* < @ $* > $*		$@ $1 < @ $2 > $3
R$+			$@ $1 < @ *LOCAL* >

# MasqRelay: header recipients on the relay mailer (allmasquerade).
SMasqRelay
R$+			$: $>MasqSMTP $1
R$+			$: $>MasqHdr $1

# ---- the local mailers ----
SEnvFromL
R<@>			$n				the null sender
R@ <@ $*>		$n
ifdef(`_gs_feature_always_add_domain', `dnl
R$+			$: $>AddDomain $1
')dnl
R$*			$: $>MasqEnv $1

SEnvToL
R$+ < @ $* >		$: $1				the user only
ifdef(`_gs_feature_preserve_local_plus_detail', `', `dnl
R$+ + $*		$: < $&{addr_type} > $1 + $2
R< e s > $+ + $*	$: $1				a sender: no +detail
R< $* > $+		$: $2
')dnl

SHdrFromL
R<@>			$n
R@ <@ $*>		$n
ifdef(`_gs_feature_always_add_domain', `dnl
R$+			$: $>AddDomain $1
')dnl
ifdef(`_gs_feature_local_no_masquerade', `dnl
R$* < @ *LOCAL* > $*	$: $1 < @ $j . > $2
', `dnl
R$*			$: $>MasqHdr $1
')dnl

SHdrToL
ifdef(`_gs_feature_always_add_domain', `dnl
R$+			$: $>AddDomain $1
R$* < @ *LOCAL* > $*	$: $1 < @ $j . > $2
', `dnl
R$+ < @ *LOCAL* >	$: $1
')dnl

# ---- the SMTP mailers ----
SEnvFromSMTP
R$+			$: $>PseudoToReal $1
R$*			$: $>MasqSMTP $1
R$*			$: $>MasqEnv $1

SEnvToSMTP
R$+			$: $>PseudoToReal $1
R$*			$: $>MasqSMTP $1
R$* < @ *LOCAL* > $*	$: $1 < @ $j . > $2

SHdrFromSMTP
R$+			$: $>PseudoToReal $1
R<@>			$n
R< @ $+ > $*		$@ < @ $1 > $2			route-addr: as is
R$*			$: $>MasqSMTP $1
R$*			$: $>MasqHdr $1
