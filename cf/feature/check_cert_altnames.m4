divert(-1)
# FEATURE(`check_cert_altnames'): refused: STARTTLS is not supported by gosendmail yet.
_gs_err(`FEATURE(`check_cert_altnames'): STARTTLS is not supported by gosendmail yet')m4exit(1)
