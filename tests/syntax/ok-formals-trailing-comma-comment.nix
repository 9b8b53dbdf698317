{
  a,
  # gone
}:
a
