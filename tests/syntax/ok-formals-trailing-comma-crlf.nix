{
  a,
  b,
}:
a
