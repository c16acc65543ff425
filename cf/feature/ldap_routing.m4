divert(-1)
# FEATURE(`ldap_routing'): refused: LDAP routing needs an LDAP server and map support gosendmail does not have.
_gs_err(`FEATURE(`ldap_routing'): LDAP routing needs an LDAP server and map support gosendmail does not have')m4exit(1)
