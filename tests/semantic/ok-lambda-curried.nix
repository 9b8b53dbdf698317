let
  add3 = a: b: c: a + b + c;
  partial = add3 1;
in
partial 2 3
