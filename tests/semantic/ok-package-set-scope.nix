{ lib, newScope, fetchurl }:

lib.makeScope newScope (self:
  let
    inherit (self) callPackage;
  in
  {
    core = callPackage ./core.nix { };
    plugins = lib.recurseIntoAttrs {
      alpha = callPackage ./plugins/alpha.nix { };
      beta = callPackage ./plugins/beta.nix { inherit (self) core; };
    };
    docs = callPackage ({ stdenv, core }: stdenv.mkDerivation {
      name = "docs";
      src = fetchurl { url = "https://example.org/docs.tar"; sha256 = ""; };
      buildInputs = [ core ];
    }) { };
  })
