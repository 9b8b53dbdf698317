{ version }:
{
  url = "https://example.org/releases/v${version/tool.tar.gz";
  name = "tool-${version}";
}
