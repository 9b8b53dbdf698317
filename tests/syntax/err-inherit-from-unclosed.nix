let x = { }; in { inherit (x a; }
