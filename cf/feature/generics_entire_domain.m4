divert(-1)
# FEATURE(`generics_entire_domain'): see cf/README.md; the rulesets test for it.
