divert(-1)
# FEATURE(`mtamark' [, message [, `t' | temporary-failure message
# [, prefix]]]): check_relay asks the client's reverse DNS for its MTAMark
# TXT record (prefix._perm._smtp._srv by default); "0" refuses it, "1"
# passes. Temporary failures are ignored unless the second argument says
# otherwise.
_gs_put(25, `Kmtamark dns -R TXT -a. -T<TMP> -r5')
define(`_gs_mtamark_prefix', ifelse(defn(`_ARG3_'), `', `_perm._smtp._srv', `defn(`_ARG3_')'))
changecom()dnl the rules below hold $# and quotes
_gs_pushdiv(27)dnl
# is the client marked as an MTA in its reverse DNS zone?
R$*			$: $&{client_addr}
R$-.$-.$-.$-		$: <?> $(mtamark _gs_mtamark_prefix.$4.$3.$2.$1.in-addr.arpa. $: OK $)
R<?>1.			$: OKSOFAR
R<?>0.			ifelse(defn(`_ARG_'), `', `$#error $@ 5.7.1 $: "550 Rejected: " $&{client_addr} " not listed as MTA"', `$#error $@ 5.7.1 $: 'defn(`_ARG_'))
ifelse(defn(`_ARG2_'), `', `', `dnl
R<?>$+<TMP>		ifelse(defn(`_ARG2_'), `t', `$#error $@ 4.4.3 $: "451 Temporary lookup failure of " $&{client_addr} " at '_gs_mtamark_prefix`"', `$#error $@ 4.4.3 $: 'defn(`_ARG2_'))
')dnl
_gs_popdiv
changecom(`#')
