{a,b}:a
