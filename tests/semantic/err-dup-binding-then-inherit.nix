{ version }:
{
  version = "1.0";
  inherit version;
}
