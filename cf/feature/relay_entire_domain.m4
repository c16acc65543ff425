divert(-1)
# FEATURE(`relay_entire_domain'): see cf/README.md; the rulesets test for it.
