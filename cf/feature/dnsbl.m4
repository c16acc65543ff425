divert(-1)
# FEATURE(`dnsbl', domain [, message | `discard' | `quarantine' [, `t' |
# temporary-failure message]]): check_relay refuses clients whose address
# is listed in the DNS list under domain. May be given more than once.
ifelse(defn(`_ARG_'), `', `_gs_err(`FEATURE(`dnsbl') needs the domain of the list')')
ifdef(`_gs_dnsbl_map', `', `define(`_gs_dnsbl_map', 1)_gs_put(25, `Kdnsbl 'ifdef(`DNSBL_MAP', `DNSBL_MAP', `dns -R A')` -T<TMP>'ifdef(`DNSBL_MAP_OPT', ` DNSBL_MAP_OPT'))')
_gs_pushdiv(27)dnl
# the client's address listed at _ARG_?
R$*			$: $&{client_addr}
R$-.$-.$-.$-		$: <?> $(dnsbl $4.$3.$2.$1._ARG_. $: OK $)
R<?>OK			$: OKSOFAR
R<?>$+<TMP>		ifelse(defn(`_ARG3_'), `', `$: TMPOK', defn(`_ARG3_'), `t', `$#error $@ 4.4.3 $: "451 Temporary lookup failure of " $&{client_addr} " at '_ARG_`"', `$#error $@ 4.4.3 $: 'defn(`_ARG3_'))
R<?>$+			ifelse(defn(`_ARG2_'), `', `$#error $@ 5.7.1 $: "550 Rejected: " $&{client_addr} " listed at '_ARG_`"', defn(`_ARG2_'), `discard', `$#discard $: discard', defn(`_ARG2_'), `quarantine', `$#error $@ quarantine $: '_ARG_, `$#error $@ 5.7.1 $: 'defn(`_ARG2_'))
_gs_popdiv
