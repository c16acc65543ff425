divert(-1)
#
# OSTYPE(`unknown'): no system at all; the paths and flags of the system
# the mail is delivered on must come from a real OSTYPE.
#
_gs_err(`OSTYPE(`unknown') names no operating system: give the OSTYPE of this system (linux, debian, freebsd6, solaris8 ...) so that its paths and mailer flags are known')
