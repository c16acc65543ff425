divert(-1)
#
# gosendmail cf library: the words a .mc is written in.
#
# Every macro here only records the site's wishes, in definitions whose
# names start with _gs_ or in numbered diversions; m4/proto.m4 turns them into
# the configuration file when the input ends.
#
# Diversions (all undiverted by proto.m4 at their place in the file):
#	10  LOCAL_CONFIG text          11  LOCAL_NET_CONFIG rules
#	12  LOCAL_RULE_0 (ParseLocal)  13  LOCAL_RULE_1  14  LOCAL_RULE_2
#	15  LOCAL_RULE_3 (Canonify2)   16  LOCAL_RULESETS
#	17  LOCAL_SRV_FEATURES  18  LOCAL_CLT_FEATURES  19  LOCAL_TRY_TLS
#	20  LOCAL_TLS_RCPT  21  LOCAL_TLS_CLIENT  22  LOCAL_TLS_SERVER
#	23  LOCAL_STARTTLS?? (unused)
#	24  class and macro lines made by macros (LOCAL_DOMAIN, RELAY_DOMAIN ...)
#	27  check_relay rules of dnsbl, enhdnsbl and mtamark, in .mc order
#	25  map (K) lines made by features   26  options added by macros
#	30  mailer definitions, in the order of the MAILER() calls
#

# ---- small tools ------------------------------------------------------

# _gs_err(text), _gs_warn(text): diagnostics on standard error, as
# sendmail's library prints them ("*** ERROR: ..." / "*** WARNING: ...").
define(`_gs_err', `errprint(`*** ERROR: $1
')')
define(`_gs_warn', `errprint(`*** WARNING: $1
')')

# _gs_pushdiv(n) ... _gs_popdiv: write to diversion n for a while.
define(`_gs_pushdiv', `pushdef(`_gs_divstack', divnum)divert($1)')
define(`_gs_popdiv', `divert(_gs_divstack)popdef(`_gs_divstack')')

# _gs_put(n, text): append one line of text, unexpanded, to diversion n.
define(`_gs_put', `_gs_pushdiv($1)`$2'
_gs_popdiv`'')

# _gs_add(name, words): append words to a space-separated list macro.
define(`_gs_add', `define(`$1', ifdef(`$1', `defn(`$1') ')`$2')')

# _gs_class(letter-or-{name}, words) and _gs_classfile(c, file)
define(`_gs_class', `_gs_put(24, `C$1$2')')
define(`_gs_classfile', `_gs_put(24, `F$1$2')')

# _gs_mapspec(name, [given spec], default file [, flags]): the map type and
# file of a feature's database, "TYPE -o FILE" style as the .cf K line wants
# it; flags (such as -T<TMPF>) go right after the type. `LDAP' is the
# sendmailMTAMap schema, name being the sendmailMTAMapName. The result is
# quoted: the LDAP spec holds commas, and a given spec is taken as written.
define(`_gs_dbtype', `ifdef(`DATABASE_MAP_TYPE', `DATABASE_MAP_TYPE', `hash')')
define(`_gs_mapspec', `ifelse(`$2', `', `_gs_dbtype`'ifelse(`$4', `', `', ` $4') MAIL_SETTINGS_DIR`'$3',
	`$2', `LDAP', ``ldap'ifelse(`$4', `', `', ` $4')` -1 -v sendmailMTAMapValue,sendmailMTAMapSearch:FILTER:sendmailMTAMapObject,sendmailMTAMapURL:URL:sendmailMTAMapObject -k (&(objectClass=sendmailMTAMapObject)(|(sendmailMTACluster=${sendmailMTACluster})(sendmailMTAHost=$j))(sendmailMTAMapName=$1)(sendmailMTAKey=%0))'',
	``$2'')')

ifdef(`MAIL_SETTINGS_DIR', `', `define(`MAIL_SETTINGS_DIR', `/etc/mail/')')
# The relay-domains file: its F line takes the value as it is (so "-o"
# belongs to the value), and a .mc that undefines it gets no F line.
# MAIL_SETTINGS_DIR is expanded when the line is written.
define(`confCR_FILE', `-o MAIL_SETTINGS_DIR`'relay-domains')

# ---- the top-level vocabulary -----------------------------------------

define(`VERSIONID', `')
define(`OSTYPE', `ifdef(`_gs_mailers_started',
	`_gs_err(`OSTYPE(`$1') must come before any MAILER')')define(`_gs_ostype', `$1')_gs_pushdiv(-1)include(_CF_DIR_`ostype/$1.m4')_gs_popdiv`'')
define(`DOMAIN', `_gs_pushdiv(-1)include(_CF_DIR_`domain/$1.m4')_gs_popdiv`'')
define(`HACK', `_gs_pushdiv(-1)define(`_ARG_', `$2')include(_CF_DIR_`hack/$1.m4')_gs_popdiv`'')
define(`SITECONFIG', `_gs_err(`SITECONFIG(`$1') describes UUCP connections, which gosendmail does not support')m4exit(1)')
define(`FEATURE', `ifdef(`_gs_mailers_started', `_gs_err(`FEATURE() should be before MAILER()')')_gs_pushdiv(-1)define(`_gs_feature_$1', 1)define(`_ARG_', `$2')define(`_ARG2_', `$3')define(`_ARG3_', `$4')define(`_ARG4_', `$5')define(`_ARG5_', `$6')define(`_ARG6_', `$7')define(`_ARG7_', `$8')define(`_ARG8_', `$9')include(_CF_DIR_`feature/$1.m4')_gs_popdiv`'')
define(`MAILER', `ifdef(`_gs_mailer_$1', `_gs_err(`MAILER($1) already included')',
	`define(`_gs_mailer_$1', 1)define(`_gs_mailers_started', 1)ifdef(`_gs_ostype', `',
	`_gs_err(`MAILER(`$1') before OSTYPE(): give OSTYPE first')')_gs_pushdiv(-1)include(ifelse(`$2', `', _CF_DIR_`mailer/$1.m4', `$2'))_gs_popdiv`'')')
define(`_gs_ifmailer', `ifdef(`_gs_mailer_$1', `$2', `$3')')
define(`_gs_iffeature', `ifdef(`_gs_feature_$1', `$2', `$3')')

# Text sections: everything up to the next section macro (or the end of
# the .mc) goes to the section's place in the configuration file.
define(`LOCAL_CONFIG', `divert(10)')
define(`LOCAL_NET_CONFIG', `define(`_gs_local_net', 1)divert(11)')
define(`LOCAL_RULE_0', `divert(12)')
define(`LOCAL_RULE_1', `divert(13)')
define(`LOCAL_RULE_2', `divert(14)')
define(`LOCAL_RULE_3', `divert(15)')
define(`LOCAL_RULESETS', `divert(16)')
define(`LOCAL_SRV_FEATURES', `define(`_gs_local_srv_features', 1)divert(17)')
define(`LOCAL_CLT_FEATURES', `define(`_gs_local_clt_features', 1)divert(18)')
define(`LOCAL_TRY_TLS', `define(`_gs_local_try_tls', 1)divert(19)')
define(`LOCAL_TLS_RCPT', `define(`_gs_local_tls_rcpt', 1)divert(20)')
define(`LOCAL_TLS_CLIENT', `define(`_gs_local_tls_client', 1)divert(21)')
define(`LOCAL_TLS_SERVER', `define(`_gs_local_tls_server', 1)divert(22)')
define(`LOCAL_UUCP', `_gs_err(`LOCAL_UUCP: UUCP is not supported by gosendmail')m4exit(1)')

# Classes of names.
define(`LOCAL_DOMAIN', `_gs_class(`w', `$1')')
define(`LOCAL_USER', `_gs_class(`L', `$1')')
define(`LOCAL_USER_FILE', `_gs_classfile(`L', `$1')')
define(`RELAY_DOMAIN', `_gs_class(`R', `$1')')
define(`RELAY_DOMAIN_FILE', `_gs_classfile(`R', `$1')')
define(`MASQUERADE_AS', `define(`_gs_masquerade', `$1')')
define(`MASQUERADE_DOMAIN', `_gs_class(`M', `$1')')
define(`MASQUERADE_DOMAIN_FILE', `_gs_classfile(`M', `$1')')
define(`MASQUERADE_EXCEPTION', `define(`_gs_masq_exception', 1)_gs_class(`{MasqueradeException}', `$1')')
define(`MASQUERADE_EXCEPTION_FILE', `define(`_gs_masq_exception', 1)_gs_classfile(`{MasqueradeException}', `$1')')
define(`EXPOSED_USER', `_gs_class(`E', `$1')')
define(`EXPOSED_USER_FILE', `_gs_classfile(`E', `$1')')
define(`GENERICS_DOMAIN', `_gs_class(`G', `$1')')
define(`GENERICS_DOMAIN_FILE', `_gs_classfile(`G', `$1')')
define(`VIRTUSER_DOMAIN', `define(`_gs_virtuser_domains', 1)_gs_class(`{VirtHost}', `$1')')
define(`VIRTUSER_DOMAIN_FILE', `define(`_gs_virtuser_domains', 1)_gs_classfile(`{VirtHost}', `$1')')
define(`CANONIFY_DOMAIN', `_gs_class(`{Canonify}', `$1')')
define(`CANONIFY_DOMAIN_FILE', `_gs_classfile(`{Canonify}', `$1')')
define(`LDAPROUTE_DOMAIN', `_gs_class(`{LDAPRoute}', `$1')')
define(`LDAPROUTE_DOMAIN_FILE', `_gs_classfile(`{LDAPRoute}', `$1')')
define(`LDAPROUTE_EQUIVALENT', `define(`_gs_ldap_equiv', 1)_gs_class(`{LDAPRouteEquiv}', `$1')')
define(`LDAPROUTE_EQUIVALENT_FILE', `define(`_gs_ldap_equiv', 1)_gs_classfile(`{LDAPRouteEquiv}', `$1')')
define(`TRUST_AUTH_MECH', `define(`_gs_trust_auth', 1)_gs_class(`{TrustAuthMech}', `$1')')
define(`CONCAT', `$1$2$3$4$5$6$7$8$9')

# Daemons, clients, filters and queue groups become option lines.
define(`DAEMON_OPTIONS', `define(`_gs_daemon_opts', 1)_gs_put(26, `O DaemonPortOptions=$1')')
define(`CLIENT_OPTIONS', `_gs_put(26, `O ClientPortOptions=$1')')
define(`MAIL_FILTER', `_gs_put(26, `X$1, $2')')
define(`INPUT_MAIL_FILTER', `MAIL_FILTER(`$1', `$2')_gs_add(`_gs_input_filters', ifdef(`_gs_input_filters', `,')`$1')')
define(`QUEUE_GROUP', `_gs_put(26, `Q$1, $2')')
define(`MODIFY_MAILER_FLAGS', `define(`_gs_mflags_$1', `$2')')

# _gs_flags(mailer, default flags): the default flags changed by
# MODIFY_MAILER_FLAGS: "+xy" adds, "-xy" removes, anything else replaces.
define(`_gs_flags', `ifdef(`_gs_mflags_$1', `_gs_modflags(`$2', defn(`_gs_mflags_$1'))', `$2')')
define(`_gs_modflags', `ifelse(substr(`$2', 0, 1), `+', `$1'substr(`$2', 1),
	substr(`$2', 0, 1), `-', `translit(`$1', substr(`$2', 1))', `$2')')

# _GS_FINISH runs when the .mc ends: it writes the configuration file.
define(`_GS_FINISH', `divert(0)include(_CF_DIR_`m4/proto.m4')')
