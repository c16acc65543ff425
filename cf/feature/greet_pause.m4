divert(-1)
# FEATURE(`greet_pause' [, milliseconds]): the greet_pause ruleset, which
# answers how long sendmail waits before its 220 greeting. With the access
# map, GreetPause:host/domain/address entries override the default given
# here.
define(`_gs_greet_pause', defn(`_ARG_'))
ifdef(`_gs_feature_access_db', `', `_gs_err(`FEATURE(`greet_pause') requires FEATURE(`access_db')')')
