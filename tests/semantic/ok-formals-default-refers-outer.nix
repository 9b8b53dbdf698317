let
  defaultPort = 8080;
  mkServer = { port ? defaultPort, host ? "localhost" }: "${host}:${toString port}";
in
mkServer { }
