# `inherit x;` in a rec set reads x from outside the set; other attributes
# then see the inherited attribute.
x:
rec {
  inherit x;
  y = x + 1;
}
