let
  host = "example.org";
in
"https://${host}:${toString port}/"
