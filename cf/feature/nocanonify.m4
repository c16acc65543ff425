divert(-1)
# FEATURE(`nocanonify' [, `canonify_hosts']): host names are not looked up
# in the name service unless in CANONIFY_DOMAIN (or, with canonify_hosts,
# when they have no dot).
ifelse(defn(`_ARG_'), `canonify_hosts', `define(`_gs_canonify_hosts', 1)')
