x:
{
  one = { inherit x; };
  two = { inherit x; };
  three = rec { inherit x; };
}
