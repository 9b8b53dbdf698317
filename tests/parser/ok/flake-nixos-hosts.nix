{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.05";
    nixpkgs-unstable.url = "github:NixOS/nixpkgs/nixos-unstable";
    home-manager = {
      url = "github:nix-community/home-manager/release-24.05";
      inputs.nixpkgs.follows = "nixpkgs";
    };
    sops-nix.url = "github:Mic92/sops-nix";
    disko.url = "github:nix-community/disko";
  };

  outputs = { self, nixpkgs, home-manager, ... }@inputs:
    let
      inherit (nixpkgs) lib;
      mkHost = hostname: { system ? "x86_64-linux", extraModules ? [ ] }:
        lib.nixosSystem {
          inherit system;
          specialArgs = { inherit inputs hostname; };
          modules = [
            ./hosts/${hostname}/configuration.nix
            ./hosts/${hostname}/hardware.nix
            inputs.sops-nix.nixosModules.sops
            inputs.disko.nixosModules.disko
            home-manager.nixosModules.home-manager
            {
              networking.hostName = hostname;
              home-manager.useGlobalPkgs = true;
              home-manager.useUserPackages = true;
              home-manager.users.alice = import ./home/alice.nix;
              nixpkgs.overlays = [
                (final: prev: {
                  unstable = import inputs.nixpkgs-unstable {
                    inherit (prev) system;
                    config.allowUnfree = true;
                  };
                })
              ];
            }
          ] ++ extraModules;
        };
    in
    {
      nixosConfigurations = {
        ganymede = mkHost "ganymede" { };
        callisto = mkHost "callisto" {
          system = "aarch64-linux";
          extraModules = [ ./profiles/raspberry-pi.nix ];
        };
      };

      deploy.nodes = lib.mapAttrs (name: cfg: {
        hostname = "${name}.lan";
        profiles.system.path = cfg.config.system.build.toplevel;
      }) self.nixosConfigurations;
    };
}
