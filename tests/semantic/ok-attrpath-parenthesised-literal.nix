# Parentheses do not hide a set literal from merging.
{
  a = ({ b = 1; });
  a.c = 2;
  d = (({ e = 1; }));
  d.f = 2;
}
