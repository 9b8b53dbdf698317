let a = { b = 1; }; in [ (a .b) (a. b) ({ c = 1; } .c) ]
