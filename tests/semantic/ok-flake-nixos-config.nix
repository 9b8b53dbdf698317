{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-22.05";

  outputs = { self, nixpkgs, ... }@inputs:
    let
      system = "x86_64-linux";
      mkHost = name: nixpkgs.lib.nixosSystem {
        inherit system;
        specialArgs = { inherit inputs; };
        modules = [
          ./hosts/${name}
          { networking.hostName = name; }
        ];
      };
    in
    {
      nixosConfigurations.alpha = mkHost "alpha";
      nixosConfigurations.beta = mkHost "beta";
      overlays.default = final: prev: { };
    };
}
