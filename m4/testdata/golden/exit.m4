divert(1)diverted text is discarded at exit
divert(0)m4wrap(`wrapped text is dropped too')dnl
eval(1/0)
m4exit(7)
