let f = x: x; in [ 1 "two" ./three (f 4) { five = 5; } [ 6 ] f ]
