divert(-1)
# FEATURE(`relay_mail_from' [, `domain']): relaying is allowed when the
# envelope sender has a From: entry RELAY in the access map (with `domain',
# also when its domain or a parent domain has one; only the domain itself
# with relay_hosts_only). Senders are easy to forge, so this warns.
define(`_gs_relay_mail_from', defn(`_ARG_'))
_gs_warn(`FEATURE(`relay_mail_from') lets anyone who forges a listed sender relay through this host; prefer SMTP AUTH or STARTTLS.')
ifdef(`_gs_feature_access_db', `', `_gs_err(`FEATURE(`relay_mail_from') requires FEATURE(`access_db')')')
