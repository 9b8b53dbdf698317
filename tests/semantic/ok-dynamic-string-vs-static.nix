# "${"a"}" is a string with an interpolation: dynamic, not the name a.
{
  a = 1;
  "${"a"}" = 2;
}
