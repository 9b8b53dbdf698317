let
  a = 1;
  b = 2;
  a = 3;
in
a + b
