{
  description = "Inputs written as paths and as sets";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.flake-utils.url = "github:numtide/flake-utils";
  inputs.home-manager = {
    url = "github:nix-community/home-manager";
  };
  inputs.home-manager.inputs.nixpkgs.follows = "nixpkgs";

  outputs = inputs@{ self, nixpkgs, flake-utils, home-manager, ... }: {
    lib.inputNames = builtins.attrNames inputs;
  };
}
