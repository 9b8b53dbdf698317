# a.port is added to the rec set itself, so url can use port.
{
  a = rec { url = "http://localhost:${toString port}"; };
  a.port = 8080;
}
