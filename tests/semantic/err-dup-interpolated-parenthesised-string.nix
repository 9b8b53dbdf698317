# Parentheses around a constant string keep the name static.
{
  ${("a")} = 1;
  a = 2;
}
