divert(-1)
# FEATURE(`relay_mail_from'): see cf/README.md; the rulesets test for it.
