let
  a-b = 1;
  c' = 2;
  _private = 3;
  d'' = 4;
in
a-b + c' + _private + d''
