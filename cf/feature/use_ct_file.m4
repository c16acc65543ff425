divert(-1)
# FEATURE(`use_ct_file'): trusted users from confCT_FILE
# (/etc/mail/trusted-users by default), read into class t.
