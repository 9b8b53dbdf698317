{
  description = "Starlight NUR: constellation (Rust) and lanternd (Go) with a NixOS module";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.05";
    crane.url = "github:ipetkov/crane";
    rust-overlay = {
      url = "github:oxalica/rust-overlay";
      inputs.nixpkgs.follows = "nixpkgs";
    };
    flake-utils.url = "github:numtide/flake-utils";
  };

  outputs =
    {
      self,
      nixpkgs,
      crane,
      rust-overlay,
      flake-utils,
      ...
    }:
    let
      inherit (nixpkgs) lib;

      forAllSystems = lib.genAttrs flake-utils.lib.defaultSystems;

      pkgsFor =
        system:
        import nixpkgs {
          inherit system;
          overlays = [
            rust-overlay.overlays.default
            self.overlays.default
          ];
        };
    in
    {
      overlays.default = import ./overlays { inherit crane; };

      packages = forAllSystems (
        system:
        let
          pkgs = pkgsFor system;
        in
        {
          inherit (pkgs.nur) constellation lanternd;
          default = pkgs.nur.constellation;
        }
      );

      nixosModules = {
        lanternd = import ./modules/lanternd.nix;
        beacon = import ./modules/beacon.nix;
        default = {
          imports = [
            self.nixosModules.lanternd
            self.nixosModules.beacon
          ];
          nixpkgs.overlays = [ self.overlays.default ];
        };
      };

      apps = forAllSystems (
        system:
        let
          pkgs = pkgsFor system;
          mkApp = drv: {
            type = "app";
            program = lib.getExe drv;
          };
        in
        {
          constellation = mkApp pkgs.nur.constellation;
          lanternd = mkApp pkgs.nur.lanternd;
          default = self.apps.${system}.constellation;
        }
      );

      devShells = forAllSystems (
        system:
        let
          pkgs = pkgsFor system;
          toolchain = pkgs.rust-bin.stable.latest.default.override {
            extensions = [
              "rust-src"
              "rust-analyzer"
              "clippy"
            ];
          };
        in
        {
          default = pkgs.mkShell {
            inputsFrom = [
              pkgs.nur.constellation
              pkgs.nur.lanternd
            ];
            packages = [
              toolchain
              pkgs.go_1_22
              pkgs.gopls
              pkgs.cargo-edit
              pkgs.nixfmt-rfc-style
            ];
            RUST_SRC_PATH = "${toolchain}/lib/rustlib/src/rust/library";
            shellHook = ''
              echo "starlight dev shell: cargo ${toolchain.version}, $(go version | cut -d' ' -f3)"
            '';
          };
        }
      );

      checks = forAllSystems (
        system:
        let
          pkgs = pkgsFor system;
        in
        {
          inherit (pkgs.nur) constellation lanternd;
          lanternd-module = import ./checks/lanternd-vm.nix {
            inherit pkgs;
            module = self.nixosModules.lanternd;
          };
        }
        // lib.optionalAttrs pkgs.stdenv.isLinux {
          formatting = pkgs.runCommand "check-formatting" { nativeBuildInputs = [ pkgs.nixfmt-rfc-style ]; } ''
            nixfmt --check ${./.}/flake.nix ${./.}/pkgs ${./.}/modules ${./.}/lib
            touch $out
          '';
        }
      );

      formatter = forAllSystems (system: (pkgsFor system).nixfmt-rfc-style);

      lib = import ./lib { inherit lib; };
    };
}
