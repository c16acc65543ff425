divert(-1)
# FEATURE(`preserve_local_plus_detail'): see cf/README.md; the rulesets test for it.
