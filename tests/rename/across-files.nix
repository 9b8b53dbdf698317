#- /lib.nix
{
  greet$0 = name: "hi ${name}";
  other = 1;
  greeting = "hello";
}
#- /a.nix
let lib = import ./lib.nix; in [ (lib.greet "a") lib.other ]
#- /b.nix
let l = import ./lib.nix; in { inherit (l) greet; x = l.greet "x"; }
#- /main.nix
let
  a = import ./a.nix;
  b = import ./b.nix;
  d = { inherit (import ./lib.nix) other greet; has = import ./lib.nix ? greet; };
  fallback = (import ./lib.nix).salute or "none";
in
[ a (b.greet "b") b.x (d.greet "d") d.other d.has fallback ((builtins.import ./lib.nix).greet "c") ]
