# Unused names are lints, not errors: Nix accepts this.
{ lib, unusedArgument }:
let
  unused = 1;
  alsoUnused = rec { x = 1; };
in
with { }; "done"
