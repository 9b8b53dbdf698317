let
  lib = { id = x: x; };
in
with lib; id 5
