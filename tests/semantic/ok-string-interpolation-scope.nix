let
  user = "root";
  host = "example";
in
"${user}@${host}: ${let path = "/tmp"; in path}"
