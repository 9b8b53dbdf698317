let
  handlers = [
    (x: x + 1)
    ({ a, b ? a }: a + b)
    (args@{ ... }: args)
    (f: g: x: f (g x))
  ];
in
builtins.length handlers
