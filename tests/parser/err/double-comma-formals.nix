{ lib,, stdenv, fetchurl }:
stdenv.mkDerivation {
  name = "dup";
  src = fetchurl {
    url = "https://example.org/dup.tar.gz";
    sha256 = "0000000000000000000000000000000000000000000000000000";
  };
}
