m4_define(`x',`X')x m4_len(`ab',1) len(x)
m4_indir(`m4_define',`y',`Y')y m4_builtin(`define',`z',`Z')z m4_builtin(`m4_define')
m4_dumpdef(`x')m4_traceon(`x')x(1)
m4___file__ m4___line__ __file__
