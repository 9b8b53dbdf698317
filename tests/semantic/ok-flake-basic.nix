{
  description = "A small flake";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-22.05";

  outputs = { self, nixpkgs }: {
    packages.x86_64-linux.default = nixpkgs.legacyPackages.x86_64-linux.hello;
    packages.x86_64-linux.cowsay = nixpkgs.legacyPackages.x86_64-linux.cowsay;
  };
}
