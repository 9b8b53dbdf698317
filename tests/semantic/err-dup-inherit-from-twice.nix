{ lib }:
{
  inherit (lib) mkIf;
  inherit (lib.modules) mkIf;
}
