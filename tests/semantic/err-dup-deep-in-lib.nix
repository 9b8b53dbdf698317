let
  helpers = {
    strings = {
      upper = s: s;
      lower = s: s;
    };
    lists = {
      head = l: builtins.head l;
      tail = l: builtins.tail l;
      head = l: builtins.elemAt l 0;
    };
  };
in
helpers
