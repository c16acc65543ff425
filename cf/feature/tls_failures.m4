divert(-1)
# FEATURE(`tls_failures'): refused: STARTTLS is not supported by gosendmail yet.
_gs_err(`FEATURE(`tls_failures'): STARTTLS is not supported by gosendmail yet')m4exit(1)
