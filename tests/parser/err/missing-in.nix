{ lib }:
let
  toUpperFirst = s: lib.toUpper (builtins.substring 0 1 s) + builtins.substring 1 (-1) s;
  names = [ "alpha" "beta" ];

map toUpperFirst names
