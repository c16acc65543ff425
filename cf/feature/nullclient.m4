divert(-1)
# FEATURE(`nullclient', `hub'): a host that delivers nothing itself: every
# address goes to the hub, senders are shown as from the hub's domain.
ifelse(defn(`_ARG_'), `', `_gs_err(`FEATURE(`nullclient') needs the name of the mail hub')')
define(`_gs_nullclient', 1)
define(`SMART_HOST', defn(`_ARG_'))
define(`MAIL_HUB', defn(`_ARG_'))
MASQUERADE_AS(defn(`_ARG_'))
define(`_gs_feature_allmasquerade', 1)
define(`_gs_no_aliases', 1)
define(`confFORWARD_PATH', `')
MAILER(`local')
MAILER(`smtp')
