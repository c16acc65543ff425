divert(-1)
#
# DOMAIN(`debian-msp'): the settings Debian gives its mail submission
# program (submit.mc): no MSA daemon of its own, the smmsp user, quick
# timeouts towards the local MTA, no host status kept, and state and
# control files under /var/lib/sendmail and /var/run/sendmail/msp. A .mc
# may set any of them first.
#
define(`_gs_dm', `ifdef(`$1', `', `define(`$1', `$2')')')
_gs_dm(`confCF_VERSION', `Submit')
FEATURE(`no_default_msa')
_gs_dm(`confQUEUE_FILE_MODE', `0660')
_gs_dm(`confTEMP_FILE_MODE', `0640')
# the MSP keeps no host status and its own statistics, whatever the
# OSTYPE said for the MTA: an empty HostStatusDirectory
define(`confHOST_STATUS_DIRECTORY', `')
_gs_dm(`confTO_ICONNECT', `2s')
_gs_dm(`confTO_MAIL', `2m')
_gs_dm(`confTO_DATAINIT', `2m')
_gs_dm(`confTO_RSET', `1m')
_gs_dm(`confTO_QUIT', `2m')
_gs_dm(`confTO_COMMAND', `5m')
_gs_dm(`confTO_IDENT', `5s')
_gs_dm(`confTO_HOSTSTATUS', `0')
define(`STATUS_FILE', `/var/lib/sendmail/sm-client.st')
_gs_dm(`confSAFE_FILE_ENV', `/')
_gs_dm(`confRUN_AS_USER', `smmsp')
_gs_dm(`confRRT_IMPLIES_DSN', `False')
_gs_dm(`confTRUSTED_USER', `smmsp')
_gs_dm(`confCONTROL_SOCKET_NAME', `/var/run/sendmail/msp/smcontrol')
_gs_dm(`confPID_FILE', `/var/run/sendmail/msp/sendmail.pid')
_gs_dm(`confPROCESS_TITLE_PREFIX', `MSP')
