{ stdenv, fetchurl, zlib, openssl }:
stdenv.mkDerivation rec {
  pname = "dup";
  version = "2.0";
  src = fetchurl {
    url = "https://example.org/dup-${version}.tar.gz";
    sha256 = "0000000000000000000000000000000000000000000000000000";
  };
  buildInputs = [ zlib ];
  doCheck = true;
  buildInputs = [ openssl ];
}
