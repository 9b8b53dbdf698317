# Nix reports this one at the earlier definition (a.b), pointing to the
# later one.
{
  a.b = 1;
  a = { b = 2; };
}
