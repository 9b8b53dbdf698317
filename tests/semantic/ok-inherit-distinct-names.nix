{ lib, pkgs }:
{
  inherit lib;
  inherit pkgs;
  inherit (pkgs) hello;
  inherit (lib) version;
}
