import ./self.nix
