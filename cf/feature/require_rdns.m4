divert(-1)
# FEATURE(`require_rdns'): check_relay refuses a client whose address does
# not resolve back to a name (${client_resolve} FAIL: 5xx; FORGED or TEMP:
# 4xx), unless the access map accepts its address (Connect: OK or RELAY)
# or the address is in $=R.
