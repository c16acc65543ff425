divert(-1)
# FEATURE(`accept_unresolvable_domains'): see cf/README.md; the rulesets test for it.
