divert(-1)
# FEATURE(`local_no_masquerade'): see cf/README.md; the rulesets test for it.
