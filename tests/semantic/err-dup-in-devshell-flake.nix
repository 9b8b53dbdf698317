{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs";

  outputs = { self, nixpkgs }:
    let
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
    in
    {
      devShells.x86_64-linux.default = pkgs.mkShell {
        packages = [ pkgs.go pkgs.gopls ];
        shellHook = ''
          export GOPATH=$PWD/.go
        '';
        packages = [ pkgs.golangci-lint ];
      };
    };
}
