divert(-1)
# FEATURE(`virtusertable' [, `map spec']): addresses in our domains and
# in VIRTUSER_DOMAIN are looked up in the virtuser map first.
_gs_put(25, `Kvirtuser '_gs_mapspec(`virtuser', defn(`_ARG_'), `virtusertable'))
