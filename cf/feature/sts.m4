divert(-1)
# FEATURE(`sts'): refused: MTA-STS (StrictTransportSecurity) needs STARTTLS, which gosendmail does not support yet.
_gs_err(`FEATURE(`sts'): MTA-STS (StrictTransportSecurity) needs STARTTLS, which gosendmail does not support yet')m4exit(1)
