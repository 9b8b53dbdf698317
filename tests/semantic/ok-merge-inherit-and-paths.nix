src:
{
  inherit (src) a;
  b.c = 1;
  b.d = 2;
  inherit (src) e f;
}
