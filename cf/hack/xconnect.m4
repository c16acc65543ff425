divert(-1)
#
# HACK(`xconnect'): the x_connect ruleset, which sendmail runs when a
# client sends XCONNECT: a client may use it when the access map has an
# "XConnect:" entry for its host name (or a parent domain) or address.
# Needs FEATURE(`access_db').
#
_gs_pushdiv(16)dnl
Sx_connect
R$+ $| $+		$: $>AccessHost < $1 > < ? > < ! XConnect > < $2 >
R $| $+			$: $>AccessAddr < $1 > < ? > < ! XConnect > < >	no client name
R< ? > < $+ >		$: $>AccessAddr < $1 > < ? > < ! XConnect > < >	then the address
R< ? > < $* >		$# no
R< $+ > < $* >		$@ yes
_gs_popdiv
