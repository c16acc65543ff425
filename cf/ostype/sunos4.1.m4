divert(-1)
#
# OSTYPE(`sunos4.1'): SunOS 4.1: tools in /usr/lib.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
