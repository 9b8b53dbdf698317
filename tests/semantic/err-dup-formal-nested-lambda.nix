let
  outer = { x }:
    let
      inner = { y, z ? y, y }: y + z;
    in
    inner { y = x; };
in
outer { x = 1; }
