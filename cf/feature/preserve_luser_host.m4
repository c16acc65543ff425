divert(-1)
# FEATURE(`preserve_luser_host'): mail for an unknown local user sent to
# LUSER_RELAY keeps the recipient host ($h, when the mailer passes one) in
# its address instead of the relay's name.
