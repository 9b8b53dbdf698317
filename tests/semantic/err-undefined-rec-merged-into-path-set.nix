# Merged into the set that a.b created, the attributes of the rec literal
# lose `rec`: d cannot see c.
{
  a.b = 1;
  a = rec { c = 1; d = c; };
}
