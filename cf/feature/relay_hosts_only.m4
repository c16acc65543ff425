divert(-1)
# FEATURE(`relay_hosts_only'): the relaying decision takes the names in
# $=R and the access map's To: and Connect: RELAY entries as single hosts,
# not as domains with their subdomains. It changes nothing else: the
# access map's Connect:, From:, To: and Spam: searches for policy answers
# (REJECT, OK, ERROR: ...) still try each parent domain.
