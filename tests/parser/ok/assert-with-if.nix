{ lib, stdenv, enableGui ? false, qt6 ? null, enableDocs ? true, python3 }:

assert enableGui -> qt6 != null;
assert lib.versionAtLeast python3.version "3.9";

with lib;

let
  platform =
    if stdenv.isLinux then "linux"
    else if stdenv.isDarwin then "macos"
    else if stdenv.hostPlatform.isWindows then "windows"
    else throw "unsupported platform ${stdenv.hostPlatform.system}";

  flags = optional enableGui "--gui"
    ++ optionals enableDocs [ "--docs" "--man" ]
    ++ (if platform == "linux" then [ "--wayland" ] else [ ]);
in
with builtins;
assert length flags >= 0;
{
  inherit platform flags;
  summary =
    if length flags == 0
    then "minimal"
    else concatStringsSep "," flags;
  nestedIf = if enableGui then if enableDocs then 3 else 2 else if enableDocs then 1 else 0;
  withInList = [ (with lib; id 1) ];
}
