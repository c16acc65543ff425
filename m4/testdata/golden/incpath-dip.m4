include(`sub/inc1.txt')dnl
__file__:__line__
define(`ml', `line1
line2 __line__')ml ml
`q
q' __line__
translit(`abc-xyz', `a-')translit(`abc', `-a')translit(`hello', `z-a', `A-Z') translit(`abc', `c-a', `xyz')
substr(`abcdef', 2, 100) substr(`abcdef', `x') substr(`abc', 1, -1)
shift(`a', `b,c', `d')
define(`dol', `[`$0'] ${1} $$1 $ $')dol(x)
m4wrap(`in wrap: __file__ __line__
m4exit(3)')
