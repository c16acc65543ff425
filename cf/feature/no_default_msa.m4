divert(-1)
# FEATURE(`no_default_msa'): see cf/README.md; the rulesets test for it.
