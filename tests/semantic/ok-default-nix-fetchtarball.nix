let
  rev = "0123456789abcdef0123456789abcdef01234567";
  nixpkgs = fetchTarball {
    url = "https://github.com/NixOS/nixpkgs/archive/${rev}.tar.gz";
    sha256 = "0000000000000000000000000000000000000000000000000000";
  };
  pkgs = import nixpkgs { config = { }; overlays = [ ]; };
in
pkgs.callPackage ./package.nix { }
