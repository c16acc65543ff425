divert(-1)
#
# DOMAIN(`debian-mta'): the settings Debian gives its MTA daemon
# (sendmail.mc): state and control files under /var/lib/sendmail and
# /var/run/sendmail/mta, the smmta trusted user, shorter SMTP timeouts,
# restricted queue runs and expansion, and file-safety relaxations for the
# group-writable files Debian installs. A .mc may set any of them first.
#
define(`_gs_dm', `ifdef(`$1', `', `define(`$1', `$2')')')
_gs_dm(`confDONT_BLAME_SENDMAIL', `,AssumeSafeChown,ForwardFileInGroupWritableDirPath,GroupWritableForwardFileSafe,GroupWritableIncludeFileSafe,IncludeFileInGroupWritableDirPath,DontWarnForwardFileInUnsafeDirPath,TrustStickyBit,NonRootSafeAddr,GroupWritableIncludeFile,GroupReadableDefaultAuthInfoFile')
_gs_dm(`confQUEUE_FILE_MODE', `0640')
_gs_dm(`confTEMP_FILE_MODE', `0640')
_gs_dm(`confMAX_HOP', `100')
_gs_dm(`confHOST_STATUS_DIRECTORY', `/var/lib/sendmail/host_status')
_gs_dm(`confPRIVACY_FLAGS', `restrictqrun,restrictexpand')
_gs_dm(`confMAX_RUNNERS_PER_QUEUE', `5')
_gs_dm(`confTO_ICONNECT', `2m')
_gs_dm(`confTO_MAIL', `2m')
_gs_dm(`confTO_DATAINIT', `2m')
_gs_dm(`confTO_RSET', `1m')
_gs_dm(`confTO_QUIT', `2m')
_gs_dm(`confTO_COMMAND', `5m')
_gs_dm(`confTO_IDENT', `5s')
_gs_dm(`STATUS_FILE', `/var/lib/sendmail/sendmail.st')
_gs_dm(`confMAX_DAEMON_CHILDREN', `0')
_gs_dm(`confSAFE_FILE_ENV', `/')
_gs_dm(`confRRT_IMPLIES_DSN', `False')
_gs_dm(`confTRUSTED_USER', `smmta')
_gs_dm(`confCONTROL_SOCKET_NAME', `/var/run/sendmail/mta/smcontrol')
_gs_dm(`confPID_FILE', `/var/run/sendmail/mta/sendmail.pid')
_gs_dm(`confPROCESS_TITLE_PREFIX', `MTA')
