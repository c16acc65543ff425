divert(-1)
# FEATURE(`use_client_ptr'): see cf/README.md; the rulesets test for it.
