{ pkgs }:
pkgs.mkShell {
  packages = [
    pkgs.cargo
    (pkgs.rust-analyzer))
    pkgs.clippy
  ];
}
