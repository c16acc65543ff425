divert(-1)
# FEATURE(`use_cw_file'): more names for this host, from confCW_FILE
# (/etc/mail/local-host-names by default), read into class w.
