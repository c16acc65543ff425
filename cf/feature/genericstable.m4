divert(-1)
# FEATURE(`genericstable' [, `map spec']): sender addresses, unqualified or
# in GENERICS_DOMAIN, are rewritten through the generics map.
_gs_put(25, `Kgenerics '_gs_mapspec(`generics', defn(`_ARG_'), `genericstable'))
