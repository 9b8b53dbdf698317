let
  mk = { name, value }: { inherit name value; };
in
mk { name = "a"; value = name; }
