divert(-1)
#
# OSTYPE(`bsdi1.0'): an old name for OSTYPE(`bsdi'), which it reads.
#
_gs_warn(`OSTYPE(`bsdi1.0') is deprecated: use OSTYPE(`bsdi')')
include(_CF_DIR_`ostype/bsdi.m4')
