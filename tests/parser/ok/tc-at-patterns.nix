let
  right =
    {
      a,
      b ? 1,
    }@args:
    a + b + builtins.length (builtins.attrNames args);

  left =
    args@{
      a,
      b,
    }:
    args // { sum = a + b; };

  inlineRight = { a, }@args: args.a;
  inlineLeft = args@{ a, }: args.a;
  spacedAt = { a, } @ args: args;
  spacedAtLeft = args @ { a, }: args;
in
{
  r = right { a = 1; };
  l = left { a = 1; b = 2; };
  i = inlineRight { a = 1; } + inlineLeft { a = 2; };
  s = spacedAt { a = 1; } // spacedAtLeft { a = 2; };
}
