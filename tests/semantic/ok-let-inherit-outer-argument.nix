x: let inherit x; in x
