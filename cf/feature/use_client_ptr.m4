divert(-1)
# FEATURE(`use_client_ptr'): check_relay judges the client by its
# unverified PTR name, ${client_ptr}, instead of the name it was given.
