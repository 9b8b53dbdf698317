let
  a = 7;
  b = 3;
  t = true;
  f = false;
  xs = [ 1 2 ];
  s = { x = 1; };
in
{
  arithmetic = [ (a + b) (a - b) (a * b) (a / b) (-a) (- -a) (a - -b) (a * (b + 1)) ];
  precedence = a + b * 2 - a / b;
  comparison = [ (a < b) (a <= b) (a > b) (a >= b) (a == b) (a != b) ];
  logic = [ (t && f) (t || f) (!t) (t -> f) (!t || f && t) (t -> f -> t) ];
  lists = xs ++ [ 3 ] ++ xs;
  sets = s // { y = 2; } // { x = 0; };
  hasAttr = s ? x && !(s ? y.z);
  concatStrings = "a" + "b" + toString a;
  paths = ./. + "/sub";
  noSpaces = a+b*a-b/a;
  update = s//s;
  division = 10/2;
  impl = (f)->t;
  mixed = !(a > b) -> xs ++ xs == [ 1 2 1 2 ] || a != b && s // { } == s;
  negatedCall = -(builtins.length xs);
  selectThenApply = builtins.map (x: x * 2) xs;
  floats = 1.5 * 2.0 + .5 - 0.25e1;
}
