# Without `rec`, attributes do not see each other.
{
  a = 1;
  b = a + 1;
}
