divert(-1)
# FEATURE(`loose_relay_check'): user%host@relayed-domain is relayed as it
# stands; without it, check_rcpt strips @relayed-domain (a $=R domain or
# an access map To: RELAY entry) and judges user@host. Our own names are
# stripped either way.
