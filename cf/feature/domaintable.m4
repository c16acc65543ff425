divert(-1)
# FEATURE(`domaintable' [, `map spec']): old domain names mapped to new ones
# while the address is canonified (so headers change too).
_gs_put(25, `Kdomaintable '_gs_mapspec(`domain', defn(`_ARG_'), `domaintable'))
