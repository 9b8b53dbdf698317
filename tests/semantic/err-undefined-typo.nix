{ stdenv, fetchurl }:
let
  version = "1.2.3";
in
stdenv.mkDerivation {
  pname = "typo";
  inherit version;
  src = fetchurl {
    url = "https://example.org/typo-${verison}.tar.gz";
    sha256 = "0000000000000000000000000000000000000000000000000000";
  };
}
