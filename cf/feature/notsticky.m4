divert(-1)
# FEATURE(`notsticky'): see cf/README.md; the rulesets test for it.
