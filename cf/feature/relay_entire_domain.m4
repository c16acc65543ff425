divert(-1)
# FEATURE(`relay_entire_domain'): relay to and from any host in our own
# domain ($=m, which sendmail fills from the domain part of $j), besides
# $=w, $=R and the access map.
