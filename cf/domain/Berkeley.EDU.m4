divert(-1)
#
# DOMAIN(`Berkeley.EDU'): refused. It is one of the University of California
# at Berkeley's own site files, which relay through UUCP and BITNET hosts
# that no longer exist; write a DOMAIN file for your own site (see
# DOMAIN(`generic')).
#
_gs_err(`DOMAIN(`Berkeley.EDU') is a sample for the UC Berkeley hosts (with UUCP and BITNET relays): write a DOMAIN file for your site, for example from DOMAIN(`generic')')m4exit(1)
