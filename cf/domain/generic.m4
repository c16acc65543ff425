divert(-1)
#
# DOMAIN(`generic'): a bland domain: no special relays, the usual
# ~/.forward search, and errors about addresses with no domain turned on.
#
ifdef(`confFORWARD_PATH', `', `define(`confFORWARD_PATH', `$z/.forward.$w+$h:$z/.forward+$h:$z/.forward.$w:$z/.forward')')
ifdef(`confMAX_HEADERS_LENGTH', `', `define(`confMAX_HEADERS_LENGTH', `32768')')
FEATURE(`redirect')
FEATURE(`use_cw_file')
EXPOSED_USER(`root')
