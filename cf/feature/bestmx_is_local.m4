divert(-1)
# FEATURE(`bestmx_is_local' [, `domain ...']): a domain whose best MX host
# is one of our names is delivered here as if it were ours. With domains
# given (class B), only those domains are looked up, once canonical.
_gs_put(25, `Kbestmx bestmx')
ifelse(defn(`_ARG_'), `', `', `define(`_gs_bestmx_limited', 1)_gs_class(`B', defn(`_ARG_'))')
