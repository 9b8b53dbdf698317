let
  lineComment =
    {
      pkgs,
      lib, # used for optionals
    }:
    lib.optionals true [ pkgs ];

  blockComment = { a, /* b is gone */ }: a;

  commentOnOwnLine =
    {
      a,
      # b was removed in 2.0
    }:
    a;

  severalComments =
    {
      a,
      /* one */
      # two
      /* three */
    }:
    a;

  commentBeforeColon =
    {
      x,
    } # the formals end here
    : x;
in
[
  (lineComment { pkgs = 1; lib = { optionals = c: l: l; }; })
  (blockComment { a = 1; })
  (commentOnOwnLine { a = 2; })
  (severalComments { a = 3; })
  (commentBeforeColon { x = 4; })
]
