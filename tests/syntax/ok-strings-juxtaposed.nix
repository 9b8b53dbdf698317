let f = x: y: z: x; in f ''x'' "y" ./z
