divert(-1)
# FEATURE(`conncontrol' [, `nodelay' [, `terminate']]): check_relay limits
# each client's open connections by ClientConn: entries in the access map.
# `terminate' answers 421 (end the session) instead of 452.
ifdef(`_gs_feature_access_db', `', `_gs_err(`FEATURE(`conncontrol') requires FEATURE(`access_db')')')
ifelse(defn(`_ARG_'), `nodelay', `ifdef(`_gs_feature_delay_checks', `',
	`_gs_err(`FEATURE(`conncontrol', `nodelay') requires FEATURE(`delay_checks')')')')
define(`_gs_conn_code', ifelse(defn(`_ARG2_'), `terminate', `421', `452'))
