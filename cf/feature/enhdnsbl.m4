divert(-1)
# FEATURE(`enhdnsbl', domain [, message | `discard' | `quarantine'
# [, `t' | temporary-failure message [, value ...]]]): like dnsbl, but the
# answer of the list (an address with a dot appended) may be compared with
# up to five values, LHS patterns; only a match refuses the client. Without
# values any answer does. May be given more than once; EDNSBL_TO sets the
# DNS retry count (5).
ifelse(defn(`_ARG_'), `', `_gs_err(`FEATURE(`enhdnsbl') needs the domain of the list')')
ifdef(`_gs_ednsbl_map', `', `define(`_gs_ednsbl_map', 1)_gs_put(25, `Kednsbl dns -R A -a. -T<TMP> -r'ifdef(`EDNSBL_TO', `EDNSBL_TO', `5'))')
changecom()dnl rules hold $# and the reply texts; no m4 comments for a while
define(`_gs_ednsbl_act', ifelse(defn(`_ARG2_'), `', `$#error $@ 5.7.1 $: "550 Rejected: " $&{client_addr} " listed at '_ARG_`"', defn(`_ARG2_'), `discard', `$#discard $: discard', defn(`_ARG2_'), `quarantine', `$#error $@ quarantine $: '_ARG_, `$#error $@ 5.7.1 $: 'defn(`_ARG2_')))
define(`_gs_ednsbl_match', `ifelse(`$1', `', `', `R<?>$1		'defn(`_gs_ednsbl_act')`
')')
_gs_pushdiv(27)dnl
# is the client listed at _ARG_ ?
R$*			$: $&{client_addr}
R$-.$-.$-.$-		$: <?> $(ednsbl $4.$3.$2.$1._ARG_. $: OK $)
R<?>OK			$: OKSOFAR
R<?>$+<TMP>		ifelse(defn(`_ARG3_'), `', `$: TMPOK', defn(`_ARG3_'), `t', `$#error $@ 4.4.3 $: "451 Temporary lookup failure of " $&{client_addr} " at '_ARG_`"', `$#error $@ 4.4.3 $: 'defn(`_ARG3_'))
ifelse(defn(`_ARG4_')defn(`_ARG5_')defn(`_ARG6_')defn(`_ARG7_')defn(`_ARG8_'), `', `dnl
R<?>$+			defn(`_gs_ednsbl_act')
', `dnl
_gs_ednsbl_match(defn(`_ARG4_'))dnl
_gs_ednsbl_match(defn(`_ARG5_'))dnl
_gs_ednsbl_match(defn(`_ARG6_'))dnl
_gs_ednsbl_match(defn(`_ARG7_'))dnl
_gs_ednsbl_match(defn(`_ARG8_'))dnl
')dnl
_gs_popdiv
changecom(`#')
