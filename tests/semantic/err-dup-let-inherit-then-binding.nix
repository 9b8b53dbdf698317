x: let inherit x; x = 1; in x
