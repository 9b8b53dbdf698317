let
  right = { a, b ? 2, ... }@args: a + b + builtins.length (builtins.attrNames args);
  left = args@{ a, ... }: args // { seen = a; };
  spaced = args @ { a }: a;
  spacedRight = { a } @ args: args.a;
  onlyEllipsis = { ... }: 0;
  ellipsisAt = { ... }@all: all;
  atEllipsis = all@{ ... }: all;
  empty = { }: "no arguments";
  compact = {a,b}:a+b;
  compactAt = x@{a,...}:x;
  defaultsReferOthers = { a ? 1, b ? a * 2, c ? { inherit a b; } }: c;
  curried = x: y: { z ? x }: [ x y z ];
  plainArg = x: x;
  underscore = _: null;
  primed = x': x' + 1;
in
{
  r = right { a = 1; c = 3; };
  l = left { a = 1; };
  s = spaced { a = 1; } + spacedRight { a = 2; };
  e = onlyEllipsis { whatever = true; } + empty { };
  k = compact { a = 1; b = 2; };
  d = defaultsReferOthers { };
  c = curried 1 2 { };
}
