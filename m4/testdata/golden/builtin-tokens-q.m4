define(`d', defn(`define')foo)d(`e',`E')e
define(`d2', foo`'defn(`define'))d2(`e2',`E2')e2
define(`b', defn(`len', `len'))dumpdef(`b')
dumpdef(`define', `d')
define(`m', defn(`divnum'))m m()
indir(`define', `ind', defn(`incr'))ind(4)
builtin(`define', `bb', defn(`decr'))bb(4)
builtin(`indir', `len', `abc')
errprint(`a', defn(`len'), `c
')
m4wrap(defn(`len'))
traceon(`undefd')define(`undefd',`U')undefd undefine(`undefd')define(`undefd',`V')undefd
traceoff(`undefd')undefd
