divert(-1)
# FEATURE(`ratecontrol' [, `nodelay' [, `terminate']]): check_relay limits
# each client's connection rate by ClientRate: entries in the access map.
# `terminate' answers 421 (end the session) instead of 452.
ifdef(`_gs_feature_access_db', `', `_gs_err(`FEATURE(`ratecontrol') requires FEATURE(`access_db')')')
ifelse(defn(`_ARG_'), `nodelay', `ifdef(`_gs_feature_delay_checks', `',
	`_gs_err(`FEATURE(`ratecontrol', `nodelay') requires FEATURE(`delay_checks')')')')
define(`_gs_rate_code', ifelse(defn(`_ARG2_'), `terminate', `421', `452'))
