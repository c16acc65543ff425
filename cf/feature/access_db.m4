divert(-1)
# FEATURE(`access_db' [, `map spec' [, options]]): the access map that the
# policy rulesets consult (Connect:, From:, To: ... entries).
#
# The rulesets tell a lookup that failed for the moment (an LDAP server
# down ...) by the -T<TMPF> mark, so the K line always carries it: a given
# spec without "<TMPF>" gets it after its map type, with a warning (a
# `sequence' map is left alone: it has no such flag).
#
# Options, in any order after the spec (any case):
#	skip			a SKIP value ends a host or address search
#				with nothing found
#	lookupdotdomain		as FEATURE(`lookupdotdomain')
#	relaytofulladdress	To:user@domain RELAY entries allow relaying
#				to that one address
define(`_gs_access_spec', defn(`_ARG_'))
ifelse(defn(`_gs_access_spec'), `', `',
	defn(`_gs_access_spec'), `LDAP', `',
	index(defn(`_gs_access_spec'), `sequence '), 0, `',
	index(defn(`_gs_access_spec'), `<TMPF>'), -1,
	`_gs_warn(`FEATURE(`access_db'): the map spec "'defn(`_gs_access_spec')`" has no -T<TMPF>, so temporary lookup failures would look like "not found"; it is added')dnl
define(`_gs_access_spec', ifelse(index(defn(`_gs_access_spec'), ` '), -1,
	`defn(`_gs_access_spec') -T<TMPF>',
	`substr(defn(`_gs_access_spec'), 0, index(defn(`_gs_access_spec'), ` ')) -T<TMPF>substr(defn(`_gs_access_spec'), index(defn(`_gs_access_spec'), ` '))'))')
_gs_put(25, `Kaccess '_gs_mapspec(`access', defn(`_gs_access_spec'), `access', `-T<TMPF>'))
define(`_gs_access_opt', `ifelse(translit(`$1', `A-Z', `a-z'),
	`skip', `define(`_gs_access_skip', 1)',
	translit(`$1', `A-Z', `a-z'), `lookupdotdomain', `define(`_gs_feature_lookupdotdomain', 1)',
	translit(`$1', `A-Z', `a-z'), `relaytofulladdress', `define(`_gs_relay_full_addr', 1)')')
_gs_access_opt(defn(`_ARG2_'))_gs_access_opt(defn(`_ARG3_'))_gs_access_opt(defn(`_ARG4_'))
