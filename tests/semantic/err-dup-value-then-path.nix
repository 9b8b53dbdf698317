x:
{
  a = x;
  a.b = 1;
}
