let
  add = { a, b, }: a + b;
  withDefault = { a, b ? 2, }: a * b;
  one = { a, }: a;
  noSpace = {a,b,}:a+b;
  newlineBeforeColon = { a, }
    : a;
  spaceBeforeColon = { a, } : a;
in
[
  (add { a = 1; b = 2; })
  (withDefault { a = 3; })
  (one { a = 4; })
  (noSpace { a = 5; b = 6; })
  (newlineBeforeColon { a = 7; })
  (spaceBeforeColon { a = 8; })
]
