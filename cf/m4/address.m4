divert(-1)
#
# gosendmail cf library: the address rulesets every configuration has --
# canonify (3) and its helper Canonify2 (96), final (4), the sender and
# recipient rulesets 1 and 2, and parse (0) with Parse0.
#
# Conventions: a canonical address is "local < @ domain . >", with the
# domain focused between angle brackets and a trailing dot once the domain
# is known to be fully qualified (or local). "<@>" stands for the null
# address and for list:; groups.
#
divert(0)dnl

###############################################
#  canonify: put an address in canonical form  #
###############################################
Scanonify=3
R$@			$@ <@>				null address
R$*			$: $>StripGroup $1		RFC 822 group names
R$* ;			   $1				drop the closing semicolons
R$* < $+ :; > $*	$@ $2 :; <@>			<list:;> is a list
R$* < $* ; >		   $1 < $2 >			stray semicolon inside <>
R$@			$@ :; <@>			nothing left: an empty group
R$*			$: < $1 >			wrap, to find the route-addr
R$+ < $* >		   < $2 >			keep only the innermost <...>
R< $* > $+		   < $1 >			  (text on either side goes)
R<>			$@ < @ >			the null sender <>
R< $+ >			$: $1				unwrap
R@ $+ , $+		$2				drop source routes:
R@ [ $* ] : $+		$2				  @a,@b:u@c => u@c
R@ $+ : $+		$2
R $+ : $* ; @ $+	$@ $>Canonify2 $1 : $2 ; < @ $3 >	list:...;@host
R $+ : $* ;		$@ $1 : $2;			list:...;
R$+ @ $+		$: $1 < @ $2 >			focus on the domain,
R$+ < $+ @ $+ >		$1 $2 < @ $3 >			  after the last @
R$+ < @ $+ >		$@ $>Canonify2 $1 < @ $2 >
ifdef(`_gs_nouucp', `', `dnl
R$- ! $+		$@ $>Canonify2 $2 < @ $1 .UUCP >	host!user
R$+ . $- ! $+		$@ $>Canonify2 $3 < @ $1 . $2 >		dom.ain!user
R$+ ! $+		$@ $>Canonify2 $2 < @ $1 .UUCP >	a.b!c!user
')dnl
ifdef(`_gs_feature_nopercenthack', `', `dnl
R$* % $*		$1 @ $2				the % hack: the last
R$* @ $* @ $*		$1 % $2 @ $3			  % becomes the @
')dnl
R$* @ $*		$@ $>Canonify2 $1 < @ $2 >
R$*			$@ $>Canonify2 $1		a local name

# StripGroup: "phrase: address" loses its phrase, unless the colon belongs
# to a route, an IPv6 literal, a DECnet name or :include:.
SStripGroup
R$* < $* > $*		$@ $1 < $2 > $3			a bracketed route-addr
R@ $*			$@ @ $1				@host:user
R$* : $* [ $* ]		$@ $2 [ $3 ]			group: user@[literal]
R$* [ IPv6 : $+ ]	$@ $1 [ IPv6 : $2 ]
R$* :: $*		$@ $1 :: $2
R:include: $*		$@ :include: $1
R$* : $*		$@ $2				group: user@domain

# Canonify2: make the focused domain canonical.
SCanonify2=96
R$* < @ localhost > $*		$: $1 < @ $j . > $2	localhost is us
R$* < @ localhost . $m > $*	$: $1 < @ $j . > $2
R$* < @ localhost . UUCP > $*	$: $1 < @ $j . > $2
ifdef(`_gs_feature_domaintable', `dnl
R$* < @ $+ > $*			$: $1 < @ $(domaintable $2 $) > $3	domaintable
')dnl
ifdef(`_gs_feature_bitdomain', `', `')dnl
undivert(15)dnl
R$* < @ [ $+ ] > $*		$: $1 < @@ [ $2 ] > $3	literal: ours?
R$* < @@ $=w > $*		$: $1 < @ $j . > $3
R$* < @@ $+ > $*		$@ $1 < @ $2 > $3	  otherwise as it is
ifdef(`_gs_nouucp', `', `dnl
R$* < @ $+ . UUCP > $*		$: $1 < @ $[ $2 $] . UUCP . > $3
R$* < @ $+ . . UUCP . > $*	$@ $1 < @ $2 . > $3
')dnl
R$* < @ $* $=P > $*		$: $1 < @ $2 $3 . > $4	pseudo-domain: as is
ifdef(`_gs_feature_nocanonify', `dnl
ifdef(`_gs_canonify_hosts', `dnl
R$* < @ $+ > $*			$: $1 < @ $[ $2 $] > $3
', `dnl
R$* < @ $* $={Canonify} > $*	$: $1 < @ $[ $2 $3 $] > $4
R$* < @ $+ . $+ > $*		$: $1 < @ $2 . $3 . > $4	dotted: taken as canonical
')dnl
', `dnl
R$* < @ $* $~P > $*		$: $&{daemon_flags} $| $1 < @ $2 $3 > $4
R$* CC $* $| $* < @ $+.$+ > $*	$: $3 < @ $4.$5 . > $6	daemon says: no lookups
R$* CC $* $| $*			$: $3
R$* $| $* < @ $* > $*		$: $2 < @ $[ $3 $] > $4	ask the name service
R$* $| $*			$: $2
')dnl
R$* < @ $=w > $*		$: $1 < @ $2 . > $3	ours: fully qualified
ifdef(`_gs_feature_masquerade_entire_domain', `dnl
R$* < @ $* . $=M > $*		$: $1 < @ $2 . $3 . > $4	below a masquerade domain
')dnl
ifdef(`_gs_feature_generics_entire_domain', `dnl
R$* < @ $* . $=G > $*		$: $1 < @ $2 . $3 . > $4	below a generics domain
')dnl
R$* < @ $=M > $*		$: $1 < @ $2 . > $3	a masquerade domain
ifdef(`_gs_feature_genericstable', `dnl
R$* < @ $=G > $*		$: $1 < @ $2 . > $3	a generics domain
')dnl
ifdef(`_gs_feature_virtusertable', `dnl
R$* < @ $={VirtHost} > $*	$: $1 < @ $2 . > $3	a virtual domain
ifdef(`_gs_feature_virtuser_entire_domain', `dnl
R$* < @ $* . $={VirtHost} > $*	$: $1 < @ $2 . $3 . > $4	  or below one
')')dnl
ifdef(`_gs_feature_nocanonify', `dnl
R$* < @ $={Canonify} > $*	$: $1 < @ $2 . > $3
')dnl
R$* < @ $* . . > $*		$1 < @ $2 . > $3	one dot is enough

##########################################
#  final: an address as the world sees it #
##########################################
Sfinal=4
R$+ :; <@>		$@ $1 :				list:;
R$* <@>			$@				the null address
R$* < @ $+ . > $*	$1 < @ $2 > $3			no trailing dot
R$* < @ *LOCAL* > $*	$1 < @ $j > $2			*LOCAL* is us
R$* < $+ > $*		$1 $2 $3			unfocus
R@ $+ : @ $+ : $+	@ $1 , @ $2 : $3		route-addr commas
R@ $*			$@ @ $1
ifdef(`_gs_nouucp', `', `dnl
R$+ @ $- . UUCP		$2!$1				u@h.UUCP => h!u
')dnl
R$+ % $=w @ $=w		$1 @ $2				u%us@us => u@us

# Recurse: run a rewritten address through parsing once more.
SRecurse=97
R$*			$: $>canonify $1
R$*			$@ $>parse $1

###################################
#  sender (1) and recipient (2)    #
###################################
S1
undivert(13)dnl

S2
undivert(14)dnl

#############################################
#  parse (0): which mailer, host and user   #
#############################################
Sparse=0
R$*			$: $>Parse0 $1			check the syntax
R<@>			$#local $: <@>			the null address
R$*			$: $>ParseLocal $1		the site's rules
R$*			$: $>Parse1 $1			route it

# Parse0: refuse what cannot be delivered; strip our own names.
SParse0
R<@>			$@ <@>
R$* : $* ; <@>		$#error $@ 5.1.3 $: "553 List:; syntax illegal for recipient addresses"
R@ <@ $* >		< @ $1 >			@@host
R<@ $+>			$#error $@ 5.1.3 $: "553 User address required"
R$+ <@>			$#error $@ 5.1.3 $: "553 Hostname required"
R$*			$: $>CheckLiteral $1
R$* < @ . $* > $*	$#error $@ 5.1.2 $: "553 Invalid host name"
R$* < @ $* .. $* > $*	$#error $@ 5.1.2 $: "553 Invalid host name"
R$* < @ $* @ > $*	$#error $@ 5.1.2 $: "553 Invalid route address"
R$* @ $* < @ $* > $*	$#error $@ 5.1.3 $: "553 Invalid route address"
R$* , $~O $*		$#error $@ 5.1.3 $: "553 Invalid route address"
R$* < @ > $*		$@ $>Parse0 $>canonify $1	user@ => user
R< @ $=w . > : $*	$@ $>Parse0 $>canonify $2	@us:route => route
R$- < @ $=w . >		$: $(dequote $1 $) < @ $2 . >	"user"@us
R< @ $+ >		$#error $@ 5.1.3 $: "553 User address required"
R$* $=O $* < @ $=w . >	$@ $>Parse0 $>canonify $1 $2 $3	route@us: again
R$-			$: $(dequote $1 $) < @ *LOCAL* >	"user"
R< @ *LOCAL* >		$#error $@ 5.1.3 $: "553 User address required"
R$* $=O $* < @ *LOCAL* >
			$@ $>Parse0 $>canonify $1 $2 $3	a route in the user
R$* < @ *LOCAL* >	$: $1
ifdef(`_gs_prefixmod_rule', `defn(`_gs_prefixmod_rule')
')dnl

# CheckLiteral: an address literal must be one word in brackets, and
# the host part may hold no colon.
SCheckLiteral
R$* < @ [ $* ] : $+ > $*	$@ $1 < @ [ $2 ] : $3 > $4
R$* < @ [ $* ] , $+ > $*	$@ $1 < @ [ $2 ] , $3 > $4
R$* < @ [ $* ] $+ > $*		$#error $@ 5.1.2 $: "553 Invalid address"
R$* < @ [ $+ ] > $*		$@ $1 < @ [ $2 ] > $3
R$* < $* : $* > $*		$#error $@ 5.1.3 $: "553 Colon illegal in host name part"
