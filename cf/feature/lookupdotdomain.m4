divert(-1)
# FEATURE(`lookupdotdomain'): see cf/README.md; the rulesets test for it.
