divert(-1)
# FEATURE(`nouucp', `reject'|`nospecial'): "!" is no routing operator;
# with `reject', addresses with "!" in the local part are refused.
ifelse(defn(`_ARG_'), `', `_gs_err(`FEATURE(`nouucp') needs an argument: `reject' or `nospecial'')')
define(`_gs_nouucp', 1)
ifelse(defn(`_ARG_'), `reject', `define(`_gs_nouucp_reject', 1)')
