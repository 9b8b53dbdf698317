{ nixpkgs ? <nixpkgs>
, supportedSystems ? [ "x86_64-linux" "aarch64-linux" ]
, officialRelease ? false
}:

with import (nixpkgs + "/lib");

let
  pkgsFor = system: import nixpkgs { inherit system; };
  forAll = genAttrs supportedSystems;
  versionSuffix = if officialRelease then "" else "pre${toString 20240101}";
in
rec {
  tarball = (pkgsFor "x86_64-linux").releaseTools.sourceTarball {
    name = "myproject-tarball";
    src = ./.;
    inherit versionSuffix;
  };

  build = forAll (system:
    (pkgsFor system).callPackage ./default.nix { inherit versionSuffix; });

  tests = forAll (system: {
    unit = build.${system}.tests or { };
  });

  release = (pkgsFor "x86_64-linux").releaseTools.aggregate {
    name = "myproject-release";
    constituents = [ tarball ] ++ attrValues build;
  };
}
