divert(-1)
# FEATURE(`always_add_domain'): see cf/README.md; the rulesets test for it.
