let
  a = b;
in
let
  b = 1;
in
a
