{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs";

  outputs = { self, nixpkgs }:
    let
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
    in
    {
      packages.x86_64-linux.default = pkgs.hello;
      packages.x86_64-linux.tool = pkgs.jq;
      devShells.x86_64-linux.default = pkgs.mkShell { };
      packages.x86_64-linux.default = pkgs.cowsay;
    };
}
