key:
{
  a.${key} = 1;
  a.${key} = 2;
  a.static = 3;
}
