# Builtins that are not global are still reachable as __name.
{
  sum = __add 1 2;
  evens = __filter (n: __div n 2 * 2 == n) [ 1 2 3 4 ];
  names = __attrNames { a = 1; };
  len = __length [ 1 2 ];
  joined = __concatStringsSep "-" [ "x" "y" ];
  typ = __typeOf 1;
  folded = __foldl' (acc: x: acc + x) 0 [ 1 2 3 ];
  version = __nixVersion;
  store = __storeDir;
  sys = __currentSystem;
}
