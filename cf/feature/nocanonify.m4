divert(-1)
# FEATURE(`nocanonify'): see cf/README.md; the rulesets test for it.
