[ ./hosts/${hostname}.nix ]
