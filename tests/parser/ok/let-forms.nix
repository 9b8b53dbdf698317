let
  x = 1;
  inherit (builtins) map filter;
  f = { a, b ? a + 1 }: a + b;
in
let
  legacy = let { body = x + y; y = 2; };
  recursive = rec {
    a = 1;
    b = a + 1;
    c = { inherit a b; };
  };
  nested = let a = 1; in let b = a + 1; in let c = b + 1; in [ a b c ];
  emptyLet = let in x;
in
{
  inherit legacy recursive nested emptyLet;
  call = f { a = 2; };
  recSelect = rec { a = 1; b = a; }.b;
  letInAttr = { v = let y = 2; in y * y; };
  inheritMany = let inherit (recursive) a b c; in a + b + c.a;
  shadow = let x = 2; in x;
  mapped = map (v: v * 2) (filter (v: v > 1) [ 1 2 3 ]);
}
