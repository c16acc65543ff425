divert(-1)
# FEATURE(`relay_based_on_MX'): check_rcpt relays to a domain whose MX
# hosts include one of our names (the mxserved map lists them).
_gs_put(25, `Kmxserved bestmx -z: -T<TEMP>')
