dnl A small taste of what sendmail's .mc files do with m4: define, divert,
dnl ifdef, patsubst and a loop. Run: bin/m4 examples/site.m4
divert(-1)
define(`SITE', `example.com')
define(`HOSTS', `mx1,mx2,relay')
define(`forloop', `ifelse(`$2', `', `', `$1(`$2')forloop(`$1', shift(shift($@)))')')
define(`cw', `Cw$1.SITE
')
divert(0)dnl
# generated for SITE on eval(6 * 7) hosts
forloop(`cw', HOSTS)dnl
DM`'translit(SITE, `a-z', `A-Z')
ifdef(`SMART_HOST', `DS`'SMART_HOST', `# no smart host')
