divert(-1)
changecom()
#
# gosendmail cf library: writes the configuration file once the .mc has been
# read (see m4/cf.m4). The sections follow the order of the operations
# guide: version, classes and macros, maps, options, headers, rulesets,
# mailers.
#
ifdef(`UUCP_RELAY', `_gs_err(`UUCP_RELAY: UUCP is not supported by gosendmail')m4exit(1)')
ifdef(`BITNET_RELAY', `_gs_err(`BITNET_RELAY: BITNET is not supported by gosendmail')m4exit(1)')
ifdef(`DECNET_RELAY', `_gs_err(`DECNET_RELAY: DECnet is not supported by gosendmail')m4exit(1)')
ifdef(`_gs_ostype', `', `ifdef(`__OSTYPE__', `', `_gs_err(`No system type defined (use OSTYPE macro)')')')
ifdef(`confSMTP_MAILER', `', `define(`confSMTP_MAILER', `esmtp')')
ifdef(`confRELAY_MAILER', `', `define(`confRELAY_MAILER', `relay')')
ifdef(`confLOCAL_MAILER', `', `define(`confLOCAL_MAILER', `local')')
ifdef(`confREJECT_MSG', `', `define(`confREJECT_MSG', `"550 Access denied"')')
# when the site trusts some AUTH mechanisms, the refusal tells the client to authenticate
ifdef(`confRELAY_MSG', `', `define(`confRELAY_MSG', ifdef(`_gs_trust_auth',
	``"550 Relaying denied. Proper authentication required."'', ``"550 Relaying denied"''))')
ifdef(`confCW_FILE', `', `define(`confCW_FILE', MAIL_SETTINGS_DIR`local-host-names')')
ifdef(`confCT_FILE', `', `define(`confCT_FILE', MAIL_SETTINGS_DIR`trusted-users')')
ifdef(`HELP_FILE', `', `define(`HELP_FILE', MAIL_SETTINGS_DIR`helpfile')')
ifdef(`ALIAS_FILE', `', `define(`ALIAS_FILE', MAIL_SETTINGS_DIR`aliases')')
ifdef(`QUEUE_DIR', `', `define(`QUEUE_DIR', `/var/spool/mqueue')')
ifdef(`confMAILER_NAME', `', `define(`confMAILER_NAME', ``MAILER-DAEMON'')')
ifdef(`confFROM_HEADER', `', `define(`confFROM_HEADER', `$?x$x <$g>$|$g$.')')
ifdef(`confMESSAGEID_HEADER', `', `define(`confMESSAGEID_HEADER', `<$t.$i@$j>')')
# With the access database, some features keep their answers for later.
define(`_gs_access', ifdef(`_gs_feature_access_db', 1, `'))
divert(0)dnl
#
# sendmail.cf written by the gosendmail cf library ifdef(`_gs_ostype', `(system type _gs_ostype)')
# from the site's .mc file. Change the .mc and compile it again rather than
# editing this file.
#

V10/Berkeley

# ---- names of this host and its mail domain ----
Cwlocalhost
ifdef(`_gs_feature_use_cw_file', `Fw`'ifdef(`_gs_cw_opt', `-o ')confCW_FILE
')dnl
ifdef(`_gs_feature_use_ct_file', `Ft`'confCT_FILE
')dnl
ifdef(`confDOMAIN_NAME', `Dj`'confDOMAIN_NAME
')dnl
# pseudo-domains, never looked up in the DNS
CP.
# smart host, mail hub, local relay, luser relay, masquerade name
DS`'ifdef(`SMART_HOST', `SMART_HOST')
ifdef(`MAIL_HUB', `DH`'MAIL_HUB
')dnl
ifdef(`LOCAL_RELAY', `DR`'LOCAL_RELAY
')dnl
ifdef(`LUSER_RELAY', `DL`'LUSER_RELAY
Kuser user -m -a<>
')dnl
ifdef(`_gs_masquerade', `DM`'_gs_masquerade
')dnl
ifdef(`FAX_RELAY', `DF`'FAX_RELAY
')dnl
# operators that route through the local part
CO @ ifdef(`_gs_feature_nopercenthack', `', `% ')ifdef(`_gs_nouucp', `', `!')
# answers the access map can give that let a message through
C{AcceptAnswer}OK RELAY
ifdef(`_gs_feature_delay_checks', `ifdef(`_gs_feature_blocklist_recipients', `# To: answers that leave the recipient to the Spam: check
C{SpamTag}SPAMFRIEND SPAMHATER
')')dnl
# the resolve map tells whether a domain exists
Kresolve host -a<OKR> -T<TEMP>
C{ResolveOk}OKR
ifdef(`confCR_FILE', `# hosts and domains we relay for
FR`'confCR_FILE
')dnl
Karith arith
Kmacro macro
Kdequote dequote`'ifdef(`confDEQUOTE_OPTS', ` confDEQUOTE_OPTS')
Dn`'confMAILER_NAME
ifdef(`confLDAP_CLUSTER', `D{sendmailMTACluster}confLDAP_CLUSTER
')dnl
undivert(24)dnl
undivert(25)dnl
ifdef(`confTRUSTED_USERS', `Ct`'confTRUSTED_USERS
')dnl

# ---- the site's local configuration ----
undivert(10)dnl

# version of this configuration
DZ`'8.17/gosendmail`'ifdef(`confCF_VERSION', `/confCF_VERSION')

# ---- options ----
ifdef(`_gs_no_aliases', `', `O AliasFile=ALIAS_FILE
')dnl
O HelpFile=HELP_FILE
O QueueDirectory=QUEUE_DIR
ifdef(`STATUS_FILE', `O StatusFile=STATUS_FILE
')dnl
ifdef(`_gs_daemon_opts', `', `O DaemonPortOptions=Name=MTA
')dnl
ifdef(`_gs_input_filters', `ifdef(`confINPUT_MAIL_FILTERS', `', `define(`confINPUT_MAIL_FILTERS', defn(`_gs_input_filters'))')')dnl
include(_CF_DIR_`m4/options.m4')dnl
undivert(26)dnl
dnl the submission daemon stays unless FEATURE(no_default_msa), whatever
dnl DAEMON_OPTIONS the site gives
ifdef(`_gs_feature_no_default_msa', `', `O DaemonPortOptions=Port=587, Name=MSA, M=E
')dnl

# ---- message priorities ----
Pfirst-class=0
Pspecial-delivery=100
Plist=-30
Pbulk=-60
Pjunk=-100

# ---- trusted users ----
Troot
Tdaemon
Tuucp

# ---- headers ----
H?P?Return-Path: <$g>
HReceived: ifdef(`confRECEIVED_HEADER', `confRECEIVED_HEADER', `$?sfrom $s $.$?_($?s$|from $.$_)
	$.$?{auth_type}(authenticated$?{auth_ssf} bits=${auth_ssf}$.)
	$.by $j ($v/$Z)$?r with $r$. id $i$?{tls_version}
	(version=${tls_version} cipher=${cipher} bits=${cipher_bits} verify=${verify})$.$?u
	for $u; $|;
	$.$b')
H?D?Resent-Date: $a
H?D?Date: $a
H?F?Resent-From: confFROM_HEADER
H?F?From: confFROM_HEADER
H?x?Full-Name: $x
H?M?Resent-Message-Id: confMESSAGEID_HEADER
H?M?Message-Id: confMESSAGEID_HEADER

include(_CF_DIR_`m4/address.m4')dnl
include(_CF_DIR_`m4/route.m4')dnl
include(_CF_DIR_`m4/policy.m4')dnl
include(_CF_DIR_`m4/session.m4')dnl

# ---- the site's own rulesets ----
undivert(16)dnl

# ---- mailers ----
undivert(30)dnl
include(_CF_DIR_`m4/mailrules.m4')dnl
