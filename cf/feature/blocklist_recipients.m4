divert(-1)
# FEATURE(`blocklist_recipients'): see cf/README.md; the rulesets test for it.
