divert(-1)
# FEATURE(`masquerade_entire_domain'): see cf/README.md; the rulesets test for it.
