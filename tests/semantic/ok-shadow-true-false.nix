# true, false and null are ordinary names that a binding may shadow.
let
  true = false;
  null = 0;
in
[ true null ]
