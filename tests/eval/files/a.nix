{ x = 1; y = import ./b.nix; }
