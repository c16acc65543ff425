divert(-1)
# FEATURE(`queuegroup' [, default group]): the queuegroup ruleset picks a
# recipient's queue group from QGRP: entries in the access map, for the
# full address or its domain (and parent domains); else the default group
# if one is given.
ifdef(`_gs_feature_access_db', `', `_gs_err(`FEATURE(`queuegroup') requires FEATURE(`access_db')')')
define(`_gs_queuegroup', defn(`_ARG_'))
