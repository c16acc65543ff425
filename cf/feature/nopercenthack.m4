divert(-1)
# FEATURE(`nopercenthack' [, `reject'|`nospecial']): % is no routing operator.
ifelse(defn(`_ARG_'), `reject', `define(`_gs_nopercent_reject', 1)')
