define(`x',`le')x()n(abc)
traceon(`foo')define(`foo',`$1-$2')foo(a,`b')foo
define(`y',`foo(1)')traceon(`y')y
debugmode(`V')y
debugmode(`aeqc')y
debugmode()y
debugmode(`-e')y(1,2)
debugmode(`+xl')y(1,2)
debugmode(`aeq')traceoff(`y')y
define(`bi',defn(`len'))bi(`abcd') traceon(`bi')bi(defn(`len'))
dumpdef(`bi',`foo')
traceon
define(`q',`Q')q
traceoff
define(`nl',__line__)nl
`multi
line' __line__
m4wrap(`wrap1 __line__
')m4wrap(`wrap2 m4wrap(`inner
')
')
