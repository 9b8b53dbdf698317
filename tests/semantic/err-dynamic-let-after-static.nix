name:
let
  a = 1;
  ${name} = 2;
in
a
