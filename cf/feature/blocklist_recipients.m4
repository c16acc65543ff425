divert(-1)
# FEATURE(`blocklist_recipients'): check_rcpt looks the recipient up in the
# access map (To: entries: the address, the domain and its parents, and
# user@ for our own domains), so REJECT, ERROR: ... refuse it. The access
# map must come first.
ifdef(`_gs_feature_access_db', `',
	`_gs_err(`FEATURE(`blocklist_recipients') needs FEATURE(`access_db') before it')undefine(`_gs_feature_blocklist_recipients')')
