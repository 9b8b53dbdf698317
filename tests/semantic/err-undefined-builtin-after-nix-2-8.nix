# builtins.warn came after Nix 2.8, so Nix 2.8 has no __warn.
__warn "deprecated" 1
