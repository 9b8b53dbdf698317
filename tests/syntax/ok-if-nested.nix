if true then if false then 1 else 2 else if true then 3 else 4
