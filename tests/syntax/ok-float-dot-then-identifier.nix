let a = 1; f = x: y: x; in f 1.a
