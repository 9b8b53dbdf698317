# The source of `inherit (s) …` is evaluated inside the let itself, so it
# may name a binding of the same let.
let
  inherit (s) a b;
  s = { a = 1; b = 2; };
in
a + b
