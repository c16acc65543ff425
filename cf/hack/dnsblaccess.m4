divert(-1)
#
# HACK(`dnsblaccess', domain): a DNS block list (in check_relay) whose
# answers the access map judges: a client listed at domain (default
# blackholes.mail-abuse.org) is looked up as "dnsblaccess:answer" (the
# address the list returned), then as "dnsblaccess:" alone; an OK or
# RELAY value lets it in, ERROR: and DISCARD act as usual, anything else
# refuses it naming the client and the list. A DNS failure passes the
# client. Needs FEATURE(`access_db'); may be given more than once.
# (sendmail's hack also takes a message, `t' for a temporary failure and
# another tag; HACK() passes only its first argument so far.)
#
define(`_gs_dba_list', ifelse(defn(`_ARG_'), `', `blackholes.mail-abuse.org', defn(`_ARG_')))
define(`_gs_dba_tag', `dnsblaccess')
ifdef(`_gs_ednsbl_map', `', `define(`_gs_ednsbl_map', 1)_gs_put(25, `Kednsbl dns -R A -a. -T<TMP> -r'ifdef(`EDNSBL_TO', `EDNSBL_TO', `5'))')
changecom()dnl the rules hold $#: no m4 comments while they are written
_gs_pushdiv(27)dnl
R$*			$: $&{client_addr}
R$-.$-.$-.$-		$: <?> $(ednsbl $4.$3.$2.$1._gs_dba_list. $: OK $) <>$1.$2.$3.$4
R<?>OK<>$*		$: OKSOFAR					not listed
R<?>$+<TMP><>$*		$: <? <TMPF>>
R<?>$* $- .<>$*		<$(access _gs_dba_tag:$1$2 $@$3 $@_gs_dba_list $: ? $)> $1 <>$3	the answer
R<?>$* <>$*		$:<$(access _gs_dba_tag: $@$2 $@_gs_dba_list $: ? $)> <>$2		the tag alone
R<$*<TMPF>>$*		$: TMPOK
R<$={AcceptAnswer}>$*	$: OKSOFAR
R<ERROR:$-.$-.$-:$+> $*	$#error $@ $1.$2.$3 $: $4
R<ERROR:$+> $*		$#error $: $1
R<DISCARD> $*		$#discard $: discard
R<$*> $*		$#error $@ 5.7.1 $: "550 Rejected: " $&{client_addr} " listed at _gs_dba_list"
_gs_popdiv
changecom(`#')
