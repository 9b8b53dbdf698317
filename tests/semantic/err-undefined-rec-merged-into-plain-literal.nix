# The second literal's `rec` is dropped when it merges into the first.
{
  server = { port = 80; };
  server = rec { host = "localhost"; url = "http://${host}"; };
}
