x: x + 1
