# After the merge, a has b and c; a.c is then defined twice.
{
  a.b = 1;
  a = { c = 2; };
  a.c = 3;
}
