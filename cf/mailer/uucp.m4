divert(-1)
#
# MAILER(`uucp'): refused, as are UUCP_RELAY, SITECONFIG and LOCAL_UUCP.
#
_gs_err(`MAILER(`uucp'): UUCP is not supported by gosendmail')m4exit(1)
