divert(-1)
# FEATURE(`mailertable' [, `map spec']): per-domain "mailer:host" routes.
_gs_put(25, `Kmailertable '_gs_mapspec(`mailer', defn(`_ARG_'), `mailertable'))
