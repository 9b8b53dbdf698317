let
  inherit stdenv;
in
stdenv
