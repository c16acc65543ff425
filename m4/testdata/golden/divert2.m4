divert(2)two
divert(1)one
divert(0)zero undivert(1)
divert(1)undivert(2)divert
undivert(1, 1, 3)
foo(divert(2)in arg)
define(`foo',`[$1]')foo(divert(2)in arg divnum)divnum
divert(-5)gone divnum
divert(0)undivert(-5)undivert(0)undivert(`2')
undivert(2 )undivert( 2)undivert(+2)undivert(02)undivert(99999999999999)
divert(1)x
m4exit
