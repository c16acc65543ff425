divert(-1)
#
# gosendmail cf library: the file m4 reads before a site's .mc.
#
#	m4 -D_CF_DIR_=DIR/ DIR/m4/cf.m4 site.mc > sendmail.cf
#
# (mc2cf does this with the library embedded in the binary.) Reading the .mc
# only records what the site asks for; the configuration file is written when
# the input ends, by m4/proto.m4, so a define() may come after the FEATURE
# that uses it.
#
ifdef(`_CF_DIR_', `',
	`errprint(`*** ERROR: _CF_DIR_ is not defined: run m4 -D_CF_DIR_=<cf directory>/
')m4exit(1)')
include(_CF_DIR_`m4/vocab.m4')
m4wrap(`_GS_FINISH')
divert(0)dnl
