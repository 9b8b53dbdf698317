map: map (x: x) [ 1 ]
