let
  a = 1;
  b = a;
in
{
  inherit b;
  c = unknown;
}
