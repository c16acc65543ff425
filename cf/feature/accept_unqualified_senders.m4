divert(-1)
# FEATURE(`accept_unqualified_senders'): see cf/README.md; the rulesets test for it.
