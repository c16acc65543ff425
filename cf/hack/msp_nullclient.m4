divert(-1)
#
# HACK(`msp_nullclient', hub): Debian's mail submission program as a null
# client: every message goes to hub (for example [127.0.0.1]), with the
# senders and recipients masqueraded as it, the From: header showing only
# the address, a submission-only daemon on the loopback address, its own
# queue /var/spool/mqueue-client run as the mail user, and
# DOMAIN(`debian-msp') for the rest. It gives the mailers itself: the .mc
# has no MAILER lines.
#
ifelse(defn(`_ARG_'), `', `_gs_err(`HACK(`msp_nullclient') needs the name of the mail hub, for example [127.0.0.1]')')
define(`_gs_mspnc_hub', defn(`_ARG_'))
ifdef(`QUEUE_DIR', `', `define(`QUEUE_DIR', `/var/spool/mqueue-client')')
ifdef(`confRUN_AS_USER', `', `define(`confRUN_AS_USER', `mail')')
ifdef(`confTRUSTED_USER', `', `define(`confTRUSTED_USER', `mail')')
ifdef(`confPRIVACY_FLAGS', `', `define(`confPRIVACY_FLAGS', `goaway,noetrn')')
ifdef(`confUSE_MSP', `', `define(`confUSE_MSP', `True')')
ifdef(`confFROM_HEADER', `', `define(`confFROM_HEADER', `<$g>')')
DAEMON_OPTIONS(`Name=NoMTA, Addr=127.0.0.1, M=E')
DOMAIN(`debian-msp')
FEATURE(`allmasquerade')
FEATURE(`masquerade_envelope')
FEATURE(`nullclient', defn(`_gs_mspnc_hub'))
