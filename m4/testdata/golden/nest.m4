define(`a', `a(a(x))')a
