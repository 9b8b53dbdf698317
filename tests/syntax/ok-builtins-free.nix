[ builtins.length true false null (toString 1) (import ./x.nix) (throw "no") ]
