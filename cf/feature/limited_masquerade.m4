divert(-1)
# FEATURE(`limited_masquerade'): see cf/README.md; the rulesets test for it.
