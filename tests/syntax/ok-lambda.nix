x: y: x
