{
  description = "A flake with one package and nothing else";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }: {
    packages.x86_64-linux.default =
      nixpkgs.legacyPackages.x86_64-linux.hello;

    packages.aarch64-linux.default = nixpkgs.legacyPackages.aarch64-linux.hello;
  };
}
