let
  a = 1;
  b = 2;
in
{
  inherit a;
  nested = { inherit a b; };
}
