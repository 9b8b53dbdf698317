# A let binding is found before any `with`, however deep the with.
let
  name = "outer";
in
with { name = "from-with"; other = 1; };
[ name other ]
