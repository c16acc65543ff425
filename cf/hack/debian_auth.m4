divert(-1)
#
# HACK(`debian_auth'): Debian's SMTP AUTH setup: the default client
# credentials in /etc/mail/default-auth-info, the sendmail user trusted,
# and trusted users allowed to authenticate on behalf of anyone (the MSP
# and other MTAs pass on the AUTH= of the mail they relay); otherwise a
# user may only act as itself.
#
ifdef(`confDEF_AUTH_INFO', `', `define(`confDEF_AUTH_INFO', `/etc/mail/default-auth-info')')
_gs_put(24, `Tsendmail')
_gs_pushdiv(16)dnl
SLocal_trust_auth
R$*			$: $&{auth_authen}		who authenticated
R$=t			$@ $#ok				a trusted user may act for anyone
_gs_popdiv
