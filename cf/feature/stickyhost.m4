divert(-1)
# FEATURE(`stickyhost'): see cf/README.md; the rulesets test for it.
