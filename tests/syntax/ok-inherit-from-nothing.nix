let x = { }; in { inherit (x); }
