# In a rec set, the source of `inherit (s)` sees the set's own attributes.
rec {
  s = { a = 1; };
  inherit (s) a;
  b = a + 1;
}
