{
  description = "first";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs";

  description = "second";

  outputs = { self, nixpkgs }: { };
}
