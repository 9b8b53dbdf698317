let
  value = 1;
  f = value: value * 2;
in
f value
