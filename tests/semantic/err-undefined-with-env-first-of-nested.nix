{ pkgs }:
with lib;
with pkgs;
[ hello ]
