{ pkgs }:
{
  inherit
    pkgs;
  inherit
    pkgs;
}
