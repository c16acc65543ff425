divert(-1)
# FEATURE(`blacklist_recipients'): the old name of blocklist_recipients.
define(`_gs_feature_blocklist_recipients', 1)
