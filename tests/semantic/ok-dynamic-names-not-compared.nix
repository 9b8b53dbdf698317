# Dynamic names are only known when evaluating: not duplicates at parse.
key:
{
  ${key} = 1;
  ${key} = 2;
  "${key}" = 3;
}
