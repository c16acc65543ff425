divert(-1)
# FEATURE(`lookupdotdomain'): host and domain searches in the access map
# also try ".parent" at each step (a.b.c, .b.c, b.c, .c, c), so an entry
# for .example matches the subdomains of example but not example itself.
# The access map must come first; after relay_hosts_only it is of little
# use, since that feature looks up relay hosts exactly.
ifdef(`_gs_feature_access_db', `',
	`_gs_err(`FEATURE(`lookupdotdomain') needs FEATURE(`access_db') before it')')
ifdef(`_gs_feature_relay_hosts_only',
	`_gs_warn(`FEATURE(`lookupdotdomain') after FEATURE(`relay_hosts_only'): relay hosts are still looked up exactly')')
