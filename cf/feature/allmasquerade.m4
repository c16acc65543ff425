divert(-1)
# FEATURE(`allmasquerade'): see cf/README.md; the rulesets test for it.
