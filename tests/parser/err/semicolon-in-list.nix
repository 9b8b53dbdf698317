{ pkgs }:
{
  packages = [
    pkgs.ripgrep;
    pkgs.fd;
  ];
}
