let
  double = n: n * 2;
in
double number
