let s = { x = { y = 1; }; }; n = "x"; in s.${n}."y"
