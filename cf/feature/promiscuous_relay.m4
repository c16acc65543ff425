divert(-1)
# FEATURE(`promiscuous_relay'): see cf/README.md; the rulesets test for it.
