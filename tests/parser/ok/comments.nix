# A line comment at the top.
/* A block comment
   over several lines,
   with * stars ** inside and a # hash. */
/**
  A doc comment (RFC 145 style).

  # Example

  ```nix
  double 2
  => 4
  ```
*/
{ lib ? null /* inline block comment */ , ... }: # after the formals
let
  /**/
  /***/
  /* a */ x = /* before value */ 1 /* after value */; # trailing
  # Comment between bindings.
  y = x # comment inside an expression
    + 1;
  z = [
    # comment in a list
    1 # after an element
    /* block in a list */ 2
  ];
  s = "not # a comment";
  t = ''also /* not */ a comment'';
in
{
  inherit x y z s t; # inherit with a comment
  /* The last binding. */
  last = x; /* end */
} # end of file
