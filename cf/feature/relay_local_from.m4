divert(-1)
# FEATURE(`relay_local_from'): relaying is allowed when the envelope
# sender's domain is one of ours ($=w). Senders are easy to forge, so this
# warns.
_gs_warn(`FEATURE(`relay_local_from') lets anyone who forges one of our domains as sender relay through this host; prefer SMTP AUTH or STARTTLS, or FEATURE(`relay_mail_from').')
