#- /lib.nix
{ one$0 = 1; two = 2; }
#- /main.nix
let l = import ./lib.nix; in builtins.attrNames l ++ [ l.one ]
