/* A file with comments in every corner. */
{ lib # the library
, ... /* and the rest */
}:
let
  # a comment before a binding
  a /* inside */ = /* between */ 1; # after
  b = a; /* a block
  over lines */
in
{
  inherit /* names */ a b;
  c = /* value */ a + b;
}
