# Values that are not set literals are fine as long as no path goes into them.
x:
{
  a = let y = 1; in { b = y; };
  c = with x; { d = 1; };
  e = (q: { f = q; }) 1;
  g = x // { h = 1; };
  i.j = 1;
}
