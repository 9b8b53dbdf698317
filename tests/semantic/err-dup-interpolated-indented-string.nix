# ${''a''} is a constant string, so a static name.
{
  ${''a''} = 1;
  a = 2;
}
