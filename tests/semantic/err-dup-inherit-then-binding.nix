{ version }:
{
  inherit version;
  version = "1.0";
}
