divert(-1)
# FEATURE(`relay_hosts_only'): see cf/README.md; the rulesets test for it.
