divert(-1)
# FEATURE(`relay_local_from'): see cf/README.md; the rulesets test for it.
