{
  lib,
  callPackage,
}:
let
  mkTool =
    {
      name,
      version,
      deps ? [ ],
      configure ?
        {
          prefix,
          flags ? [ ],
        }:
        "${prefix} ${lib.concatStringsSep " " flags}",
    }:
    {
      inherit name version deps;
      configureLine = configure { prefix = "/usr"; };
    };
in
{
  tools = map mkTool [
    {
      name = "a";
      version = "1";
    }
  ];

  curried =
    { x, }:
    { y, }:
    { z, }:
    x + y + z;

  inPackage = callPackage (
    {
      stdenv,
      hello,
    }:
    stdenv.mkDerivation {
      name = "wrapper";
      buildInputs = [ hello ];
    }
  ) { };
}
