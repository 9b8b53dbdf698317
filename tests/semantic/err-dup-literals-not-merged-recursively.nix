# Two set literals merge one level deep only: both have b.
{
  a = { b = { c = 1; }; };
  a = { b = { d = 2; }; };
}
