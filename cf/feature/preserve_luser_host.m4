divert(-1)
# FEATURE(`preserve_luser_host'): see cf/README.md; the rulesets test for it.
