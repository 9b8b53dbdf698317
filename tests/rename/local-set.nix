#- /main.nix
let
  s = { a$0 = 1; b = 2; c.d = 3; };
  t = s;
in
[ s.a t.a (s ? a) ({ inherit (t) a b; }.a) (s.e or 0) t.c.d ]
