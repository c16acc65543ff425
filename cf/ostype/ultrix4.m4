divert(-1)
#
# OSTYPE(`ultrix4'): Ultrix 4: tools in /usr/lib.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/lib')')
