let a = { }; n = "x"; in [ (a ? b.c) (a ? "d") (a ? ${n}) ]
