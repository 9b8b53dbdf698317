{ up = ../../b.nix; rel = ./.; }
