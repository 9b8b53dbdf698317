{
  description = "Backend service, built with flake-parts";

  inputs = {
    flake-parts.url = "github:hercules-ci/flake-parts";
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.05";
    devenv.url = "github:cachix/devenv";
  };

  outputs = inputs@{ flake-parts, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } ({ withSystem, moduleWithSystem, ... }: {
      imports = [ inputs.devenv.flakeModule ];

      systems = [ "x86_64-linux" "aarch64-linux" "aarch64-darwin" ];

      perSystem = { config, self', inputs', pkgs, system, lib, ... }: {
        packages.api = pkgs.callPackage ./nix/api.nix { };
        packages.default = self'.packages.api;

        devenv.shells.default = {
          languages.python = {
            enable = true;
            version = "3.12";
            venv.enable = true;
          };
          services.postgres = {
            enable = true;
            initialDatabases = [{ name = "api"; }];
          };
          env.DATABASE_URL = "postgresql:///api?host=${config.devenv.shells.default.env.PGHOST}";
        };

        checks = lib.mapAttrs' (name: value: lib.nameValuePair "package-${name}" value) self'.packages;
      };

      flake = {
        nixosModules.api = moduleWithSystem (perSystem@{ config }: { ... }: {
          services.api.package = perSystem.config.packages.api;
        });

        hydraJobs = withSystem "x86_64-linux" ({ config, ... }: {
          inherit (config.packages) api;
        });
      };
    });
}
