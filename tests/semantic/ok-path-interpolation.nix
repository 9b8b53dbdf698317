variant: [
  ./configs/${variant}.nix
  ./hosts/${variant}/default.nix
]
