divert(-1)
# FEATURE(`blacklist_recipients'): the old name of blocklist_recipients.
define(`_gs_feature_blocklist_recipients', 1)
ifdef(`_gs_feature_access_db', `',
	`_gs_err(`FEATURE(`blacklist_recipients') needs FEATURE(`access_db') before it')undefine(`_gs_feature_blocklist_recipients')')
