# In a rec set, `inherit b;` reads b from outside the set, so the set's
# own attributes do not help; `c = b` then uses the inherited attribute.
rec {
  inherit b;
  c = b;
}
