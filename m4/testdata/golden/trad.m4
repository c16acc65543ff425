define(`x',`$10 $1 $#')x(a,b,c,d,e,f,g,h,i,j,k)
format(`%d',1) __file__ regexp(`a',`a') indir(`x',1) eval(1+1) unix __unix__ __gnu__
len(1,2) substr(`abc') index(`a')
