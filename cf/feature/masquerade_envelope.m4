divert(-1)
# FEATURE(`masquerade_envelope'): see cf/README.md; the rulesets test for it.
