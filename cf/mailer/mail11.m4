divert(-1)
#
# MAILER(`mail11'): refused. It carried mail over DECnet Phase IV
# (node::user addresses), a network gosendmail does not support, as it
# refuses DECNET_RELAY.
#
_gs_err(`MAILER(`mail11'): the mail11 mailer delivers over DECnet, which gosendmail does not support')m4exit(1)
