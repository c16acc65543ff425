divert(-1)
#
# gosendmail cf library: the option lines of the configuration file.
#
# Each _gs_O(`confNAME', `OptionName'[, `default']) line writes
# "O OptionName=value" when the .mc defines confNAME, or, without it, the
# default when one is given here; a confNAME defined empty gives
# "O OptionName" with no "=", as the reference writes it. The names are those of the option table in
# sendmail's cf.README; the option names are the operations guide's.
#
define(`_gs_O', `ifdef(`$1', `O $2`'ifelse(defn(`$1'), `', `', `=$1')
', `ifelse(`$3', `', `', `O $2=$3
')')')
divert(0)dnl
_gs_O(`confTRUSTED_USER', `TrustedUser')dnl
_gs_O(`confSEVEN_BIT_INPUT', `SevenBitInput', `False')dnl
_gs_O(`confEIGHT_BIT_HANDLING', `EightBitMode')dnl
_gs_O(`confALIAS_WAIT', `AliasWait', `10')dnl
_gs_O(`confMIN_FREE_BLOCKS', `MinFreeBlocks', `100')dnl
_gs_O(`confMAX_MESSAGE_SIZE', `MaxMessageSize')dnl
_gs_O(`confBLANK_SUB', `BlankSub', `.')dnl
_gs_O(`confCON_EXPENSIVE', `HoldExpensive', `False')dnl
_gs_O(`confCHECKPOINT_INTERVAL', `CheckpointInterval')dnl
_gs_O(`confDELIVERY_MODE', `DeliveryMode', `background')dnl
_gs_O(`confERROR_MODE', `ErrorMode')dnl
_gs_O(`confERROR_MESSAGE', `ErrorHeader')dnl
_gs_O(`confSAVE_FROM_LINES', `SaveFromLine')dnl
_gs_O(`confTEMP_FILE_MODE', `TempFileMode', `0600')dnl
_gs_O(`confMATCH_GECOS', `MatchGECOS')dnl
_gs_O(`confMAX_HOP', `MaxHopCount')dnl
_gs_O(`confBIND_OPTS', `ResolverOptions')dnl
_gs_O(`confFORWARD_PATH', `ForwardPath', `$z/.forward.$w:$z/.forward')dnl
_gs_O(`confMCI_CACHE_SIZE', `ConnectionCacheSize', `2')dnl
_gs_O(`confMCI_CACHE_TIMEOUT', `ConnectionCacheTimeout', `5m')dnl
_gs_O(`confHOST_STATUS_DIRECTORY', `HostStatusDirectory')dnl
_gs_O(`confSINGLE_THREAD_DELIVERY', `SingleThreadDelivery')dnl
_gs_O(`confLOG_LEVEL', `LogLevel', `9')dnl
_gs_O(`confME_TOO', `MeToo')dnl
_gs_O(`confCHECK_ALIASES', `CheckAliases', `False')dnl
_gs_O(`confPRIVACY_FLAGS', `PrivacyOptions', `authwarnings')dnl
_gs_O(`confCOPY_ERRORS_TO', `PostmasterCopy')dnl
_gs_O(`confQUEUE_FACTOR', `QueueFactor')dnl
_gs_O(`confQUEUE_FILE_MODE', `QueueFileMode')dnl
_gs_O(`confDONT_PRUNE_ROUTES', `DontPruneRoutes')dnl
_gs_O(`confTO_INITIAL', `Timeout.initial')dnl
_gs_O(`confTO_CONNECT', `Timeout.connect')dnl
_gs_O(`confTO_ICONNECT', `Timeout.iconnect')dnl
_gs_O(`confTO_ACONNECT', `Timeout.aconnect')dnl
_gs_O(`confTO_HELO', `Timeout.helo')dnl
_gs_O(`confTO_MAIL', `Timeout.mail')dnl
_gs_O(`confTO_RCPT', `Timeout.rcpt')dnl
_gs_O(`confTO_DATAINIT', `Timeout.datainit')dnl
_gs_O(`confTO_DATABLOCK', `Timeout.datablock')dnl
_gs_O(`confTO_DATAFINAL', `Timeout.datafinal')dnl
_gs_O(`confTO_RSET', `Timeout.rset')dnl
_gs_O(`confTO_QUIT', `Timeout.quit')dnl
_gs_O(`confTO_MISC', `Timeout.misc')dnl
_gs_O(`confTO_COMMAND', `Timeout.command')dnl
_gs_O(`confTO_IDENT', `Timeout.ident')dnl
_gs_O(`confTO_FILEOPEN', `Timeout.fileopen')dnl
_gs_O(`confTO_LHLO', `Timeout.lhlo')dnl
_gs_O(`confTO_AUTH', `Timeout.auth')dnl
_gs_O(`confTO_STARTTLS', `Timeout.starttls')dnl
_gs_O(`confTO_CONTROL', `Timeout.control')dnl
_gs_O(`confTO_QUEUERETURN', `Timeout.queuereturn', `5d')dnl
_gs_O(`confTO_QUEUEWARN', `Timeout.queuewarn', `4h')dnl
_gs_O(`confTO_QUEUEWARN_NORMAL', `Timeout.queuewarn.normal')dnl
_gs_O(`confTO_QUEUEWARN_URGENT', `Timeout.queuewarn.urgent')dnl
_gs_O(`confTO_HOSTSTATUS', `Timeout.hoststatus')dnl
_gs_O(`confTO_RESOLVER_RETRANS', `Timeout.resolver.retrans')dnl
_gs_O(`confTO_RESOLVER_RETRANS_FIRST', `Timeout.resolver.retrans.first')dnl
_gs_O(`confTO_RESOLVER_RETRANS_NORMAL', `Timeout.resolver.retrans.normal')dnl
_gs_O(`confTO_RESOLVER_RETRY', `Timeout.resolver.retry')dnl
_gs_O(`confTO_RESOLVER_RETRY_FIRST', `Timeout.resolver.retry.first')dnl
_gs_O(`confTO_RESOLVER_RETRY_NORMAL', `Timeout.resolver.retry.normal')dnl
dnl TimeZoneSpec: USE_SYSTEM (the default) writes nothing, USE_TZ an empty
dnl value (take TZ from the environment), anything else that zone
ifdef(`confTIME_ZONE', `ifelse(confTIME_ZONE, `USE_SYSTEM', `',
confTIME_ZONE, `USE_TZ', `O TimeZoneSpec=
', `O TimeZoneSpec=confTIME_ZONE
')')dnl
_gs_O(`confREJECT_NUL', `RejectNUL')dnl
_gs_O(`confDEF_USER_ID', `DefaultUser')dnl
_gs_O(`confUSERDB_SPEC', `UserDatabaseSpec')dnl
_gs_O(`confFALLBACK_MX', `FallbackMXhost')dnl
_gs_O(`confFALLBACK_SMARTHOST', `FallbackSmartHost')dnl
_gs_O(`confTLS_FALLBACK_TO_CLEAR', `TLSFallbacktoClear')dnl
_gs_O(`confTRY_NULL_MX_LIST', `TryNullMXList')dnl
_gs_O(`confQUEUE_LA', `QueueLA')dnl
_gs_O(`confREFUSE_LA', `RefuseLA')dnl
_gs_O(`confREJECT_LOG_INTERVAL', `RejectLogInterval')dnl
_gs_O(`confDELAY_LA', `DelayLA')dnl
_gs_O(`confMAX_ALIAS_RECURSION', `MaxAliasRecursion')dnl
_gs_O(`confMAX_DAEMON_CHILDREN', `MaxDaemonChildren')dnl
_gs_O(`confMAX_HEADERS_LENGTH', `MaxHeadersLength')dnl
_gs_O(`confMAX_MIME_HEADER_LENGTH', `MaxMimeHeaderLength')dnl
_gs_O(`confCONNECTION_RATE_THROTTLE', `ConnectionRateThrottle')dnl
_gs_O(`confCONNECTION_RATE_WINDOW_SIZE', `ConnectionRateWindowSize')dnl
_gs_O(`confSEPARATE_PROC', `ForkEachJob')dnl
_gs_O(`confWORK_CLASS_FACTOR', `ClassFactor')dnl
_gs_O(`confWORK_TIME_FACTOR', `RetryFactor')dnl
_gs_O(`confQUEUE_SORT_ORDER', `QueueSortOrder')dnl
_gs_O(`confMAX_QUEUE_AGE', `MaxQueueAge')dnl
_gs_O(`confMIN_QUEUE_AGE', `MinQueueAge')dnl
_gs_O(`confDEF_CHAR_SET', `DefaultCharSet')dnl
_gs_O(`confSERVICE_SWITCH_FILE', `ServiceSwitchFile')dnl
_gs_O(`confHOSTS_FILE', `HostsFile')dnl
_gs_O(`confDIAL_DELAY', `DialDelay')dnl
_gs_O(`confNO_RCPT_ACTION', `NoRecipientAction')dnl
_gs_O(`confSAFE_FILE_ENV', `SafeFileEnvironment')dnl
_gs_O(`confCOLON_OK_IN_ADDR', `ColonOkInAddr')dnl
_gs_O(`confMAX_QUEUE_RUN_SIZE', `MaxQueueRunSize')dnl
_gs_O(`confMAX_QUEUE_CHILDREN', `MaxQueueChildren')dnl
_gs_O(`confMAX_RUNNERS_PER_QUEUE', `MaxRunnersPerQueue')dnl
_gs_O(`confDONT_EXPAND_CNAMES', `DontExpandCnames')dnl
_gs_O(`confFROM_LINE', `UnixFromLine', `From $g $d')dnl
_gs_O(`confSINGLE_LINE_FROM_HEADER', `SingleLineFromHeader')dnl
_gs_O(`confALLOW_BOGUS_HELO', `AllowBogusHELO')dnl
_gs_O(`confMUST_QUOTE_CHARS', `MustQuoteChars')dnl
_gs_O(`confOPERATORS', `OperatorChars', `.:%@!^/[]+')dnl
_gs_O(`confSMTP_LOGIN_MSG', `SmtpGreetingMessage', `$j Sendmail $v/$Z; $b')dnl
_gs_O(`confDONT_INIT_GROUPS', `DontInitGroups')dnl
_gs_O(`confUNSAFE_GROUP_WRITES', `UnsafeGroupWrites')dnl
_gs_O(`confCONNECT_ONLY_TO', `ConnectOnlyTo')dnl
_gs_O(`confCONTROL_SOCKET_NAME', `ControlSocketName')dnl
_gs_O(`confDOUBLE_BOUNCE_ADDRESS', `DoubleBounceAddress')dnl
_gs_O(`confSOFT_BOUNCE', `SoftBounce')dnl
_gs_O(`confDEAD_LETTER_DROP', `DeadLetterDrop')dnl
_gs_O(`confRRT_IMPLIES_DSN', `RrtImpliesDsn')dnl
_gs_O(`confRUN_AS_USER', `RunAsUser')dnl
_gs_O(`confMAX_RCPTS_PER_MESSAGE', `MaxRecipientsPerMessage')dnl
_gs_O(`confBAD_RCPT_THROTTLE', `BadRcptThrottle')dnl
_gs_O(`confDONT_PROBE_INTERFACES', `DontProbeInterfaces')dnl
_gs_O(`confPID_FILE', `PidFile')dnl
_gs_O(`confPROCESS_TITLE_PREFIX', `ProcessTitlePrefix')dnl
_gs_O(`confDONT_BLAME_SENDMAIL', `DontBlameSendmail')dnl
_gs_O(`confDF_BUFFER_SIZE', `DataFileBufferSize')dnl
_gs_O(`confXF_BUFFER_SIZE', `XScriptFileBufferSize')dnl
_gs_O(`confAUTH_MECHANISMS', `AuthMechanisms')dnl
_gs_O(`confAUTH_REALM', `AuthRealm')dnl
_gs_O(`confDEF_AUTH_INFO', `DefaultAuthInfo')dnl
_gs_O(`confAUTH_OPTIONS', `AuthOptions')dnl
_gs_O(`confAUTH_MAX_BITS', `AuthMaxBits')dnl
_gs_O(`confTLS_SRV_OPTIONS', `TLSSrvOptions')dnl
_gs_O(`confSERVER_SSL_OPTIONS', `ServerSSLOptions')dnl
_gs_O(`confCLIENT_SSL_OPTIONS', `ClientSSLOptions')dnl
_gs_O(`confCIPHER_LIST', `CipherList')dnl
_gs_O(`confLDAP_DEFAULT_SPEC', `LDAPDefaultSpec')dnl
_gs_O(`confCACERT_PATH', `CACertPath')dnl
_gs_O(`confCACERT', `CACertFile')dnl
_gs_O(`confSERVER_CERT', `ServerCertFile')dnl
_gs_O(`confSERVER_KEY', `ServerKeyFile')dnl
_gs_O(`confCLIENT_CERT', `ClientCertFile')dnl
_gs_O(`confCLIENT_KEY', `ClientKeyFile')dnl
_gs_O(`confCRL', `CRLFile')dnl
_gs_O(`confCRL_PATH', `CRLPath')dnl
_gs_O(`confDH_PARAMETERS', `DHParameters')dnl
_gs_O(`confDANE', `DANE')dnl
_gs_O(`confRAND_FILE', `RandFile')dnl
_gs_O(`confCERT_FINGERPRINT_ALGORITHM', `CertFingerprintAlgorithm')dnl
_gs_O(`confSSL_ENGINE', `SSLEngine')dnl
_gs_O(`confSSL_ENGINE_PATH', `SSLEnginePath')dnl
_gs_O(`confNICE_QUEUE_RUN', `NiceQueueRun')dnl
_gs_O(`confDIRECT_SUBMISSION_MODIFIERS', `DirectSubmissionModifiers')dnl
_gs_O(`confUSE_MSP', `UseMSP')dnl
_gs_O(`confDELIVER_BY_MIN', `DeliverByMin')dnl
_gs_O(`confREQUIRES_DIR_FSYNC', `RequiresDirfsync')dnl
_gs_O(`confSHARED_MEMORY_KEY', `SharedMemoryKey')dnl
_gs_O(`confFAST_SPLIT', `FastSplit')dnl
_gs_O(`confMAILBOX_DATABASE', `MailboxDatabase')dnl
_gs_O(`confMAX_NOOP_COMMANDS', `MaxNOOPCommands')dnl
_gs_O(`confHELO_NAME', `HeloName')dnl
_gs_O(`confINPUT_MAIL_FILTERS', `InputMailFilters')dnl
_gs_O(`confMILTER_LOG_LEVEL', `Milter.LogLevel')dnl
_gs_O(`confMILTER_MACROS_CONNECT', `Milter.macros.connect')dnl
_gs_O(`confMILTER_MACROS_HELO', `Milter.macros.helo')dnl
_gs_O(`confMILTER_MACROS_ENVFROM', `Milter.macros.envfrom')dnl
_gs_O(`confMILTER_MACROS_ENVRCPT', `Milter.macros.envrcpt')dnl
_gs_O(`confMILTER_MACROS_EOM', `Milter.macros.eom')dnl
_gs_O(`confMILTER_MACROS_EOH', `Milter.macros.eoh')dnl
_gs_O(`confMILTER_MACROS_DATA', `Milter.macros.data')dnl
_gs_O(`confIGNORE_DOTS', `IgnoreDots')dnl
_gs_O(`confMIME_FORMAT_ERRORS', `SendMimeErrors', `True')dnl
_gs_O(`confOLD_STYLE_HEADERS', `OldStyleHeaders', `True')dnl
_gs_O(`confSAFE_QUEUE', `SuperSafe', `True')dnl
_gs_O(`confSHARED_MEMORY_KEY_FILE', `SharedMemoryKeyFile')dnl
_gs_O(`confTO_QUEUERETURN_DSN', `Timeout.queuereturn.dsn')dnl
_gs_O(`confTO_QUEUERETURN_NONURGENT', `Timeout.queuereturn.non-urgent')dnl
_gs_O(`confTO_QUEUERETURN_NORMAL', `Timeout.queuereturn.normal')dnl
_gs_O(`confTO_QUEUERETURN_URGENT', `Timeout.queuereturn.urgent')dnl
_gs_O(`confTO_QUEUEWARN_DSN', `Timeout.queuewarn.dsn')dnl
_gs_O(`confTO_QUEUEWARN_NONURGENT', `Timeout.queuewarn.non-urgent')dnl
_gs_O(`confUSE_COMPRESSED_IPV6_ADDRESSES', `UseCompressedIPv6Addresses')dnl
_gs_O(`confUSE_ERRORS_TO', `UseErrorsTo', `False')dnl
_gs_O(`confWORK_RECIPIENT_FACTOR', `RecipientFactor')dnl
