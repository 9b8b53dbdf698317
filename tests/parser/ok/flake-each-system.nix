{
  description = "Tools for the docs site";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixpkgs-unstable";
    flake-utils.url = "github:numtide/flake-utils";
    treefmt-nix = {
      url = "github:numtide/treefmt-nix";
      inputs.nixpkgs.follows = "nixpkgs";
    };
  };

  nixConfig = {
    extra-substituters = [ "https://docs-site.cachix.org" ];
    extra-trusted-public-keys = [
      "docs-site.cachix.org-1:3f6sWxq0P9bZ0n5vY2mV0cE3tQ1kL8jH7gD4aS6fR2E="
    ];
  };

  outputs = { self, nixpkgs, flake-utils, treefmt-nix }:
    flake-utils.lib.eachDefaultSystem (system:
      let
        pkgs = nixpkgs.legacyPackages.${system};
        treefmt = treefmt-nix.lib.evalModule pkgs {
          projectRootFile = "flake.nix";
          programs.nixpkgs-fmt.enable = true;
          programs.prettier.enable = true;
        };
        site = pkgs.stdenvNoCC.mkDerivation {
          name = "docs-site";
          src = self;
          nativeBuildInputs = [ pkgs.hugo pkgs.nodePackages.postcss-cli ];
          buildPhase = "hugo --minify --destination $out";
          dontInstall = true;
        };
      in
      {
        packages = {
          default = site;
          inherit site;
        };
        formatter = treefmt.config.build.wrapper;
        checks.formatting = treefmt.config.build.check self;
        devShells.default = pkgs.mkShell {
          inputsFrom = [ site ];
          packages = with pkgs; [ nodejs_20 go-task ];
        };
      }) // {
      templates.default = {
        path = ./template;
        description = "A docs site skeleton";
      };
    };
}
