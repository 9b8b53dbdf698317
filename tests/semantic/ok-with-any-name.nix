# Inside a `with` body no name can be undefined: it may come from the set.
pkgs: with pkgs; [ hello cowsay ripgrep someNameNobodyDefined ]
