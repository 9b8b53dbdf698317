let E-2 = 1; f = x: y: x; in f 2E-2
