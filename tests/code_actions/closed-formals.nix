# Formals in every layout; unused ones have defaults, so removing them keeps
# callers that do not pass them working.
let
  rfc = {
    a,
    unused ? 0,
    b ? 2,
  }: a + b;
  rfcEllipsis = {
    a,
    unused ? 0,
    ...
  }: a;
  leading = { a
            , unused ? 0
            , ...
            }: a;
  inline = { a, unused ? 0, ... }: a;
  only = { unused ? 1 }: 0;
  firstUnused = { unused ? 1, a }: a;
  atEnd = { a, ... }@whole: a;
  atStart = whole@{ a, ... }: a;
in
[
  (rfc { a = 1; })
  (rfcEllipsis { a = 2; unused = 9; })
  (leading { a = 3; unused = 5; })
  (inline { a = 4; })
  (only { })
  (firstUnused { a = 5; })
  (atEnd { a = 6; })
  (atStart { a = 7; extra = 1; })
]
