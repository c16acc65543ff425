divert(-1)
# FEATURE(`block_bad_helo'): check_rcpt refuses a client
# whose HELO/EHLO name is empty, has no dot, or is one of our own names or
# addresses -- unless it authenticated or its address is in $=R. With
# delay_checks after the delayed checks, else before the client's relay
# check. Adds the loopback addresses to $=w and $=R.
_gs_class(`w', `[127.0.0.1] [IPv6:0:0:0:0:0:0:0:1] [IPv6:::1]')
_gs_class(`R', `127.0.0.1 IPv6:::1 IPv6:0:0:0:0:0:0:0:1')
