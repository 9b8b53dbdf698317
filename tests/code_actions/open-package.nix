# A package in the callPackage style, with a missing argument.
{ lib, stdenv, fetchurl, unusedDep, ... }:
stdenv.mkDerivation rec {
  pname = "hello";
  version = "2.12";
  src = fetchurl {
    url = "mirror://gnu/hello/${pname}-${version}.tar.gz";
    sha256 = "0000000000000000000000000000000000000000000000000000";
  };
  buildInputs = [ missingDep ];
  meta = with lib; {
    license = licenses.gpl3Plus;
    platforms = platforms.all;
    description = "A program that greets";
  };
}
