let
  base = 100;
  table = rec {
    low = base;
    high = low * 2;
    span = high - low;
  };
in
table.span
