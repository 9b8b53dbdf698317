# Let bindings, inherits, `with` and `rec`, evaluated by Nix before and
# after every code action offered anywhere in this file.
let
  unusedNumber = 1;
  base = { x = 1; y.z = 2; name = "demo"; };
  inherit (base) x;
  inherit (base) name unusedInherited;
  helper = { a, b ? 2, ... }: a + b;
  pattern = args@{ c, ... }: c;
  curried = { p }: { q ? 1 }: p + q;
  lib = { mkThing = s: s + "!"; };
  single = let only = 1; in 2;
in
with lib;
rec {
  result = helper { a = x; };
  viaPattern = pattern { c = 4; };
  viaCurried = curried { p = 1; } { };
  nested = { inner = { deep = 1; }; };
  flat.a.b = 2;
  quoted = { "plain" = 1; "needs-quote" = 2; "with space" = 3; };
  strings = [ "simple" "it's" "tab\there" ''indented'' "${name}-suffix" "" ''${name}'' ];
  inherit name single;
  self = result;
  thing = mkThing "t";
  sel = base.y.z;
  has = base ? y.z;
  unusedWith = with base; [ 1 x ];
  plainRec = rec { a = 1; b = 2; };
  inherits = let v = 5; in { inherit v; w = v; inherit (base) x; };
  back = { name = name; inherit (base.y) z; };
  defaulted = base.missing or 3;
  multi = { inherit name single; inherit (base) x y; };
}
