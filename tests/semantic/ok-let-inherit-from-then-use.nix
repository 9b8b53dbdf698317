let
  sources = { alpha = "a"; beta = "b"; };
  inherit (sources) alpha beta;
in
alpha + beta
