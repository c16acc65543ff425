changequote(`[[',`]]')[[a [[nested]] b]] [[x]]
changequote([[<!]],[[!>]])<!q<!r!>s!> dnl
changecom(`<<',`>>')<<comment define(x,y) x>> x
changecom(`#')# c
changequote(`"',`"')"a"b"c" "x"y"
changequote
define(`e',`')e()e(a,b)
define(`a',`$')a $ $$ $a $# $*
define(`g',`ifelse($#,0,none,`$1')')g g() g(,)
`unbalanced)' (a,b)
include(`inc.txt')after
undivert(`inc.txt')
sinclude(`/')
include(`/')
