{ stdenv, lib }:
{
  platformFlags =
    if stdenv.isDarwin then [ "-framework" "Cocoa" ];
  name = "gui-app";
}
