divert(-1)
# FEATURE(`loose_relay_check'): check_rcpt judges user%host@relayed as it
# stands (relayed: a $=R domain, a To: RELAY entry ...); without it, the
# @relayed part is taken off and user@host is judged. Our own names go
# either way, when the address is canonified.
