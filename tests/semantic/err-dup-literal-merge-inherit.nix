x:
{
  a = { inherit x; };
  a = { x = 1; };
}
