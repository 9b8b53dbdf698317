let
  a = 1;
  b = 2;
in
let
  a = b + 10;
in
let
  b = a * 2;
in
[ a b ]
