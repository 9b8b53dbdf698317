{
  a = builtins.map (x: x) [ ];
  b = builtins.attrNames { };
  c = builtins.getEnv "HOME";
  d = builtins.nixVersion;
  e = builtins.fromJSON "{}";
}
