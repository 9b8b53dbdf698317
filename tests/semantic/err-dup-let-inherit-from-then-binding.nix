let
  src = { a = 1; };
  inherit (src) a;
  a = 2;
in
a
