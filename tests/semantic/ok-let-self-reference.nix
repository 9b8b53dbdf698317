# Infinite recursion when evaluated, but every name is bound.
let x = x; in x
