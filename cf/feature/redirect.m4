divert(-1)
# FEATURE(`redirect'): mail to "address.REDIRECT" is refused with a
# "551 User has moved; please try <address>" message.
_gs_class(`P', `REDIRECT')
