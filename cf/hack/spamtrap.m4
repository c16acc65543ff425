divert(-1)
#
# HACK(`spamtrap'): spam trap addresses. An access map entry
# "To:address POISON" makes that recipient poison: a message for it is
# refused for every recipient once its header ends (check_eoh), and a To:
# header naming such an address alone refuses the message (spamware
# copies such lists). Needs FEATURE(`access_db').
#
_gs_pushdiv(16)dnl
SLocal_check_rcpt
R$*			$: $1 $| $1				keep the address
R$* $| $* < $+ > $*	$1 $| $3				the part in brackets
R$* $| $+		$: $1 $| $>SearchList < ! To > $| < E:$2 > < >
R$* $| < POISON >	$: $1 $| $(macro {PoisonRecipient} $@ POISON $)	remember
R$* $| $*		$: $1

Scheck_eoh
R$*			$: $&{PoisonRecipient}
RPOISON			$#error $@ 5.7.1 $: 550 Mail sent to spam lists is not accepted here

HTo: $>CheckTo
SCheckTo
R$+ , $+		$@ $1 , $2				several: not checked
R$*			$: $1 $| $>SearchList < ! To > $| < E:$1 > < >
R$* $| < POISON >	$#error $@ 5.7.1 $: 550 Mail sent by spamware is not accepted here
R$* $| $*		$: $1
_gs_popdiv
