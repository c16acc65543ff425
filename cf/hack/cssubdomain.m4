divert(-1)
#
# HACK(`cssubdomain'): during a move of hosts into the CS.Berkeley.EDU
# subdomain, one of our names under CS.Berkeley.EDU or Berkeley.EDU is
# taken as this host (in Canonify2, with the site's LOCAL_RULE_3 rules).
#
_gs_put(15, `R$* < @ $=w .CS.Berkeley.EDU > $*	$: $1 < @ $j > $3	old or new name: us')
_gs_put(15, `R$* < @ $=w .Berkeley.EDU > $*	$: $1 < @ $j > $3')
