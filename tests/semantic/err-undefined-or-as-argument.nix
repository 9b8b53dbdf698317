# After a function, `or` is read as a variable named or.
f: f or
