let a = 1; b = 2; in [ (a + b * a - b / a) (a < b) (a <= b) (a > b) (a >= b) (a == b) (a != b) (true && false || !true -> false) ([ a ] ++ [ b ]) ({ } // { }) (-a) ]
