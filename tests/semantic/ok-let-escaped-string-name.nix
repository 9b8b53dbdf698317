# An escape does not make a name dynamic.
let
  "line\nbreak" = 1;
  "\${notInterpolated}" = 2;
  "quote\"d" = 3;
in
4
