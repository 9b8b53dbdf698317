let
  name = "hello";
  version = "2.12";
in
"${name}-${version}"
