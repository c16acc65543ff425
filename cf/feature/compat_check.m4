divert(-1)
# FEATURE(`compat_check'): check_compat looks "Compat:sender<@>recipient"
# up in the access map (DISCARD, TEMP:, ERROR: answers).
ifdef(`_gs_feature_access_db', `', `_gs_err(`FEATURE(`compat_check') requires FEATURE(`access_db')')')
