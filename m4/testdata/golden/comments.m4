changecom(`/*', `*/')changequote(`{', `}')
{a /* b */ c} /* {x} define(foo) */ foo
define(foo, {/* $1 */})foo(1)
changecom(`q')changequote(`qq', `rr')qqtestrr q comment
changequote(`[', `[')[a[ [b[c[ d
changequote
changecom(`#',`#')# a # b
changecom(`ab', `cd')xab abab cd cd
changequote(`ab',`cd')abxcd ab ab cd cd
