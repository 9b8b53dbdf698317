{ lib }:
let
  inherit (builtins) concatStringsSep stringLength substring;
  inherit (lib) toUpper;
  capitalize = s: toUpper (substring 0 1 s) + substring 1 (stringLength s) s;
  joinWords = words: concatStringsSep " " (map capitalize words);
in
{
  inherit capitalize joinWords;
  example = joinWords [ "hello" "world" ];
}
