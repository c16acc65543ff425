divert(-1)
#
# OSTYPE(`sunos3.5'): SunOS 3.5: tools in /usr/lib.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
