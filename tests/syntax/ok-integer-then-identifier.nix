let e5 = 1; f = x: y: x; in f 1e5
