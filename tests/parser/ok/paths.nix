{ lib ? import <nixpkgs/lib>, name ? "default", sub ? "x" }:
{
  here = ./.;
  parent = ../.;
  file = ./default.nix;
  up = ../../lib/default.nix;
  dotted = ./foo.bar-baz_1+2;
  absolute = /etc/nixos/configuration.nix;
  home = ~/.config/nixpkgs/config.nix;
  searchPath = <nixpkgs>;
  searchPathSub = <nixpkgs/nixos/modules/virtualisation/qemu-vm.nix>;
  relativeBare = foo/bar;
  interpolated = ./hosts/${name}/configuration.nix;
  interpolatedTail = ./modules/${name};
  interpolatedMiddle = ./a/${sub}/b/${name}.nix;
  interpolatedPrefix = ./${name}.nix;
  absoluteInterp = /run/${name};
  joined = ./. + "/${name}";
  asString = "${./.}/README.md";
  imported = import ./lib.nix;
  callWithPath = lib.sources.cleanSource ./src;
  division = 6 / 3;
  divisionNoSpace = 6/ 3;
}
