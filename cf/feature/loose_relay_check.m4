divert(-1)
# FEATURE(`loose_relay_check'): see cf/README.md; the rulesets test for it.
