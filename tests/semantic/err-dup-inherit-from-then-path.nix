src:
{
  inherit (src) a;
  a.b = 1;
}
