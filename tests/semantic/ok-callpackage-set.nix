{ pkgs ? import <nixpkgs> { } }:
let
  callPackage = pkgs.lib.callPackageWith (pkgs // self);
  self = {
    libfoo = callPackage ./libfoo.nix { };
    foo-cli = callPackage ./foo-cli.nix { };
    foo-docs = callPackage ./foo-docs.nix { inherit (self) foo-cli; };
  };
in
self
