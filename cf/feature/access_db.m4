divert(-1)
# FEATURE(`access_db' [, `map spec']): the access map that the policy
# rulesets consult (Connect:, From:, To: ... entries).
_gs_put(25, `Kaccess '_gs_mapspec(`access', defn(`_ARG_'), `access')`'ifelse(defn(`_ARG_'), `', ` -T<TMPF>'))
