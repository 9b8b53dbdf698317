let x = { }; in { inherit (x) then; }
