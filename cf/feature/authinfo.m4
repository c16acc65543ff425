divert(-1)
# FEATURE(`authinfo' [, `map spec']): a map of its own for the credentials
# sendmail uses as an SMTP AUTH client (AuthInfo: entries), read by the
# authinfo ruleset.
_gs_put(25, `Kauthinfo '_gs_mapspec(`authinfo', defn(`_ARG_'), `authinfo'))
