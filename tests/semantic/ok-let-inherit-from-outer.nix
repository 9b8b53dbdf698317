{ lib }:
let
  inherit (lib) mkIf mkOption types;
  inherit (lib.strings) concatStringsSep;
in
{
  opt = mkOption { type = types.bool; };
  conf = mkIf true { };
  joined = concatStringsSep "," [ "a" "b" ];
}
