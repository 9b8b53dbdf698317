# The value of a is a let expression, not a set literal: no merging.
{
  a = let x = 1; in { b = x; };
  a.c = 2;
}
