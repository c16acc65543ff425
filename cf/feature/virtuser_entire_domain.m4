divert(-1)
# FEATURE(`virtuser_entire_domain'): see cf/README.md; the rulesets test for it.
