divert(-1)
#
# OSTYPE(`bsdi2.0'): an old name for OSTYPE(`bsdi'), which it reads.
#
_gs_warn(`OSTYPE(`bsdi2.0') is deprecated: use OSTYPE(`bsdi')')
include(_CF_DIR_`ostype/bsdi.m4')
