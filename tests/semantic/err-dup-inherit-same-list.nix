{ a, b }:
{
  inherit a b a;
}
