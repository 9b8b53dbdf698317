let a = 6; b = 2; in a / b
