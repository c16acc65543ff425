divert(-1)
#
# HACK(`cssubdomain'): treat the old "cs" subdomain as one of ours.
#
_gs_class(`w', `cs.$m')
