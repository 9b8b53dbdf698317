# An inner rec set does not see the attributes of a plain outer set.
{
  a = 1;
  b = rec { c = a; };
}
