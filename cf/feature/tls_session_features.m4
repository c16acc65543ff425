divert(-1)
# FEATURE(`tls_session_features'): refused: STARTTLS is not supported by gosendmail yet.
_gs_err(`FEATURE(`tls_session_features'): STARTTLS is not supported by gosendmail yet')m4exit(1)
