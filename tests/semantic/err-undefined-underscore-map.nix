# map is global, so it has no __map alias.
__map (x: x) [ ]
