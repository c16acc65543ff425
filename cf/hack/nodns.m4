divert(-1)
#
# HACK(`nodns'): a host without DNS: names are looked up through a
# service switch file that leaves DNS out, the interfaces are not probed
# for names, and addresses are not canonified (FEATURE(`nocanonify')).
#
define(`confSERVICE_SWITCH_FILE', `/etc/mail/service.switch-nodns')
define(`confDONT_PROBE_INTERFACES', `True')
FEATURE(`nocanonify')
