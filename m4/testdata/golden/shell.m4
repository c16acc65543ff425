syscmd(`echo from syscmd')sysval
esyscmd(`printf "%s" esyscmd-output; exit 4') sysval
syscmd(`exit 3')sysval syscmd(`kill -9 $$')sysval
mkstemp(`/nonexistent/dir/fooXXXXXX') maketemp(`/nonexistent/XXXXXX')
debugfile(`/nonexistent/file') debugmode(`z') debugmode(`+Q') debugmode
changeword(`x') __program__ __line__ __file__
m4exit(`x')
